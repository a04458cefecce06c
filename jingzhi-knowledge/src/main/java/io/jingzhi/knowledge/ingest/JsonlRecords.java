package io.jingzhi.knowledge.ingest;

import io.jingzhi.knowledge.chunk.Chunk;
import io.jingzhi.knowledge.parse.DocumentRejected;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Structured import from JSON Lines: each line {@code {id?, text, metadata?}} is one chunk exactly as given (no
 * cleaning, no cutting), and the line's {@code id} is kept as {@code metadata.id} so retrieval returns it. A bad
 * line rejects the file with its line number: half a file would be worse than none.
 */
final class JsonlRecords {

  static final int MAX_TEXT = 20_000;

  private JsonlRecords() {}

  static boolean applies(String filename) {
    return filename != null && filename.toLowerCase().endsWith(".jsonl");
  }

  static List<Chunk> read(InputStream content, JsonMapper json) {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<Chunk> chunks = new ArrayList<>();
    try (var reader = new BufferedReader(new InputStreamReader(content, decoder))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        chunks.add(chunk(line, number, chunks.size(), json));
      }
    } catch (CharacterCodingException e) {
      throw new DocumentRejected("encoding", "the JSONL file is not UTF-8");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (chunks.isEmpty()) {
      throw new DocumentRejected("empty", "the JSONL file has no records");
    }
    return chunks;
  }

  private static Chunk chunk(String line, int number, int ordinal, JsonMapper json) {
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (RuntimeException e) {
      throw new DocumentRejected("corrupt", "line " + number + " is not valid JSON");
    }
    if (!node.isObject() || !node.path("text").isString() || node.path("text").asString().isBlank()) {
      throw new DocumentRejected("corrupt", "line " + number + " needs a non-empty \"text\"");
    }
    String text = node.path("text").asString();
    if (text.length() > MAX_TEXT) {
      throw new DocumentRejected("too_large", "line " + number + ": text longer than " + MAX_TEXT + " characters");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode given = node.path("metadata");
    if (given.isObject()) {
      given.properties().forEach(e -> metadata.put(e.getKey(), e.getValue().isValueNode()
          ? e.getValue().asString() : e.getValue().toString()));
    } else if (!given.isMissingNode() && !given.isNull()) {
      throw new DocumentRejected("corrupt", "line " + number + ": \"metadata\" must be an object");
    }
    JsonNode id = node.path("id");
    if (id.isValueNode() && !id.isNull()) {
      metadata.put("id", id.asString());
    }
    return new Chunk(ordinal, text, null, List.of(), metadata, -1, true);
  }
}
