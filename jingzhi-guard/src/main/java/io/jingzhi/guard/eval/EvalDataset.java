package io.jingzhi.guard.eval;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an evaluation set: UTF-8 JSONL, one {@code {"text": …, "should_refuse": true|false, "category": …}} per
 * line, blank lines skipped. Any bad line rejects the whole file, naming up to {@value #MAX_REPORTED} bad lines with
 * their line numbers and what is wrong, so nothing half-read is ever evaluated.
 */
public final class EvalDataset {

  static final int MAX_REPORTED = 20;
  static final int MAX_CATEGORY = 64;
  static final String NO_CATEGORY = "(none)";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private EvalDataset() {}

  public static List<EvalItem> parse(byte[] content, int maxRows) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      throw bad("The file is not valid UTF-8 text", List.of());
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<EvalItem> items = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    int errorCount = 0;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      try {
        items.add(item(i + 1, line));
      } catch (IllegalArgumentException e) {
        errorCount++;
        if (errors.size() < MAX_REPORTED) {
          errors.add(new FieldError("line " + (i + 1), e.getMessage()));
        }
      }
      if (items.size() > maxRows) {
        throw bad("The file has more than " + maxRows + " rows", List.of());
      }
    }
    if (errorCount > 0) {
      throw bad(errorCount + " line(s) are not valid rows; the first is " + errors.getFirst().field() + ": "
          + errors.getFirst().message(), errors);
    }
    if (items.isEmpty()) {
      throw bad("The file has no rows", List.of());
    }
    return items;
  }

  static EvalItem item(int number, String line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not valid JSON");
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode text = n.get("text");
    if (text == null || !text.isString() || text.asString().isBlank()) {
      throw new IllegalArgumentException("\"text\" must be a non-empty string");
    }
    JsonNode refuse = n.get("should_refuse");
    if (refuse == null || !refuse.isBoolean()) {
      throw new IllegalArgumentException("\"should_refuse\" must be true or false");
    }
    JsonNode category = n.get("category");
    String cat = NO_CATEGORY;
    if (category != null && !category.isNull()) {
      if (!category.isString() || category.asString().isBlank() || category.asString().length() > MAX_CATEGORY) {
        throw new IllegalArgumentException("\"category\" must be a string of 1 to " + MAX_CATEGORY + " characters");
      }
      cat = category.asString().strip();
    }
    return new EvalItem(number, text.asString(), refuse.asBoolean(), cat);
  }

  private static ApiException bad(String detail, List<FieldError> errors) {
    return new ApiException(HttpStatus.BAD_REQUEST, "guard_eval.bad_dataset", detail, errors);
  }
}
