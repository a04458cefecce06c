package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.KnowledgeException;
import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Structured import of JSON Lines: each line {@code {id?, text, metadata?}} is one chunk as it is — never cut or
 * merged, even beyond {@code max_chars} — with the line's {@code metadata} object as metadata (strings as they
 * are, other values as JSON) and its {@code id} as metadata {@code id}. Lines with blank text make no chunk.
 *
 * <p>The representation the parser hands over: a {@link Table} named {@value #TABLE} whose header is {@code [id,
 * text, metadata]} (found by name, in any order) and whose rows are the lines; {@code metadata} is the JSON object
 * as a string, {@code id} a string (empty when the line had none). A document of format {@code jsonl} whose blocks
 * are paragraphs of raw JSON lines is read too. A metadata value that is no JSON object is rejected (422, code
 * {@code chunking.jsonl_invalid}, naming the line).
 */
@Component
public class JsonlStrategy implements ChunkingStrategy {

  public static final String NAME = "jsonl";
  public static final String TABLE = "jsonl";

  private final JsonMapper json = JsonMapper.builder().build();

  @Override
  public String name() {
    return NAME;
  }

  /** Whether a document holds JSON Lines records: format jsonl, or a table named jsonl. */
  public static boolean accepts(ParsedDocument document) {
    return "jsonl".equalsIgnoreCase(document.format()) || document.blocks().stream()
        .anyMatch(b -> b.kind() == Block.Kind.TABLE && b.table() != null && TABLE.equals(b.table().name()));
  }

  @Override
  public List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings) {
    List<Draft> drafts = new ArrayList<>();
    int lineNumber = 0;
    for (Block block : document.blocks()) {
      if (block.kind() == Block.Kind.TABLE && block.table() != null) {
        Table table = block.table();
        int id = column(table, "id");
        int text = column(table, "text");
        int metadata = column(table, "metadata");
        for (List<String> row : table.rows()) {
          lineNumber++;
          drafts.add(record(cell(row, id), cell(row, text), parseMetadata(cell(row, metadata), lineNumber)));
        }
      } else if (block.text() != null) {
        for (String line : block.text().split("\\R")) {
          if (!line.isBlank()) {
            lineNumber++;
            drafts.add(rawLine(line, lineNumber));
          }
        }
      }
    }
    return ChunkAssembler.assemble(drafts, settings);
  }

  private Draft record(String id, String text, Map<String, String> metadata) {
    Map<String, String> out = new LinkedHashMap<>(metadata);
    if (!id.isBlank()) {
      out.put("id", id.strip());
    }
    return Draft.of(text, List.of(), out);
  }

  private Draft rawLine(String line, int lineNumber) {
    JsonNode node = read(line, lineNumber);
    if (!node.isObject()) {
      throw invalid(lineNumber, "not a JSON object");
    }
    JsonNode metadata = node.get("metadata");
    Map<String, String> values = metadata == null || metadata.isNull() ? Map.of() : values(metadata, lineNumber);
    return record(scalar(node.get("id")), scalar(node.get("text")), values);
  }

  private Map<String, String> parseMetadata(String value, int lineNumber) {
    return value.isBlank() ? Map.of() : values(read(value, lineNumber), lineNumber);
  }

  private Map<String, String> values(JsonNode metadata, int lineNumber) {
    if (!metadata.isObject()) {
      throw invalid(lineNumber, "metadata is not a JSON object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : metadata.properties()) {
      if (!e.getValue().isNull()) {
        out.put(e.getKey(), scalar(e.getValue()));
      }
    }
    return out;
  }

  private JsonNode read(String value, int lineNumber) {
    try {
      return json.readTree(value);
    } catch (JacksonException e) {
      throw invalid(lineNumber, "not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }

  private static String scalar(JsonNode node) {
    if (node == null || node.isNull()) {
      return "";
    }
    return node.isString() ? node.asString() : node.toString();
  }

  private static int column(Table table, String name) {
    for (int i = 0; i < table.header().size(); i++) {
      if (name.equalsIgnoreCase(TableText.clean(table.header().get(i)))) {
        return i;
      }
    }
    return -1;
  }

  private static String cell(List<String> row, int i) {
    return i >= 0 && i < row.size() && row.get(i) != null ? row.get(i) : "";
  }

  private static KnowledgeException invalid(int lineNumber, String problem) {
    return new KnowledgeException(HttpStatus.UNPROCESSABLE_CONTENT, "chunking.jsonl_invalid",
        "JSONL line " + lineNumber + ": " + problem);
  }
}
