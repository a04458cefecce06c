package io.jingzhi.knowledge.parse;

import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Lines records ({@code {"id"?, "text", "metadata"?}} per line) as one {@link Table} named {@value #NAME} with
 * the columns {@code id}, {@code text}, {@code metadata} (the metadata object as compact JSON, empty when absent).
 * One bad line refuses the file, naming the line, so that a user fixes the export instead of losing records.
 */
final class JsonlTable {

  static final String NAME = "jsonl";
  static final List<String> COLUMNS = List.of("id", "text", "metadata");

  private final JsonMapper mapper = JsonMapper.builder().build();

  Table parse(String content) {
    List<List<String>> rows = new ArrayList<>();
    String[] lines = content.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.isEmpty()) {
        rows.add(row(line, i + 1));
      }
    }
    return new Table(NAME, COLUMNS, rows);
  }

  private List<String> row(String line, int number) {
    JsonNode node;
    try {
      node = mapper.readTree(line);
    } catch (JacksonException e) {
      throw badLine(number, "it is not valid JSON");
    }
    if (!node.isObject()) {
      throw badLine(number, "it is not a JSON object");
    }
    JsonNode text = node.get("text");
    if (text == null || !text.isString() || text.asString().isBlank()) {
      throw badLine(number, "it has no \"text\" string");
    }
    JsonNode id = node.get("id");
    JsonNode metadata = node.get("metadata");
    if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
      throw badLine(number, "its \"metadata\" is not an object");
    }
    String idText = id == null || id.isNull() ? "" : id.isValueNode() ? id.asString() : id.toString();
    String metadataText = metadata == null || metadata.isNull() ? "" : mapper.writeValueAsString(metadata);
    return List.of(idText, text.asString(), metadataText);
  }

  private static DocumentRejected badLine(int number, String why) {
    return new DocumentRejected("corrupt", "Line " + number + " of the JSONL file was refused: " + why
        + ". Each line must be one JSON object {\"id\"?, \"text\", \"metadata\"?}.");
  }
}
