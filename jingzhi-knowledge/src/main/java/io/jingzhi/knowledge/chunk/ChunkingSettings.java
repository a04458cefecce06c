package io.jingzhi.knowledge.chunk;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * How a knowledge base cuts its documents; stored as JSON on the base (snake_case fields) and sent by the API.
 * {@link Chunker#validate(ChunkingSettings)} checks a value before it is stored or used.
 *
 * @param strategy general, policy, service_guide, faq, table, markdown, jsonl, auto (choose by content); null means
 *     auto
 * @param maxChars the largest chunk in characters (50–8000)
 * @param overlapChars characters of whole sentences repeated from the end of a chunk at the start of the next when
 *     running text is cut by size (below {@code maxChars})
 * @param parentChars when above 0 (and then above {@code maxChars}), chunks are also grouped into parents of about
 *     this size (small-to-big)
 * @param columns table strategy: column name → index | metadata | both (unnamed columns: index)
 * @param schema custom fields filled into every chunk's metadata and checked against their type and length
 */
public record ChunkingSettings(String strategy, int maxChars, int overlapChars, int parentChars,
    Map<String, String> columns, List<SchemaField> schema) {

  public static final String AUTO = "auto";

  public ChunkingSettings {
    strategy = strategy == null || strategy.isBlank() ? AUTO : strategy.strip();
    columns = columns == null ? Map.of() : Map.copyOf(columns);
    schema = schema == null ? List.of() : List.copyOf(schema);
  }

  /** The shape before custom schema fields existed. */
  public ChunkingSettings(String strategy, int maxChars, int overlapChars, int parentChars,
      Map<String, String> columns) {
    this(strategy, maxChars, overlapChars, parentChars, columns, List.of());
  }

  /**
   * Settings as the API and the stored JSON give them; a size left out takes its default (max_chars 500,
   * overlap_chars a tenth of max_chars, parent_chars 0).
   */
  @JsonCreator
  public static ChunkingSettings fromJson(@JsonProperty("strategy") String strategy,
      @JsonProperty("max_chars") Integer maxChars, @JsonProperty("overlap_chars") Integer overlapChars,
      @JsonProperty("parent_chars") Integer parentChars, @JsonProperty("columns") Map<String, String> columns,
      @JsonProperty("schema") List<SchemaField> schema) {
    int max = maxChars != null ? maxChars : 500;
    return new ChunkingSettings(strategy, max, overlapChars != null ? overlapChars : max / 10,
        parentChars != null ? parentChars : 0, columns, schema);
  }

  public static ChunkingSettings defaults() {
    return new ChunkingSettings(AUTO, 500, 50, 0, Map.of(), List.of());
  }

  /** A copy with another strategy, the rest kept. */
  public ChunkingSettings withStrategy(String name) {
    return new ChunkingSettings(name, maxChars, overlapChars, parentChars, columns, schema);
  }
}
