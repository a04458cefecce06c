package io.jingzhi.knowledge.chunk;

import java.util.Map;

/**
 * How a knowledge base cuts its documents; stored as JSON on the base (snake_case fields) and sent by the API.
 *
 * @param strategy general, policy, service_guide, faq, table, markdown, auto (choose by content)
 * @param maxChars the largest chunk in characters
 * @param overlapChars characters repeated from the end of a chunk at the start of the next (general)
 * @param parentChars when above 0, chunks are also grouped into parents of about this size (small-to-big)
 * @param columns table strategy: column name → index | metadata | both (unnamed columns: index)
 */
public record ChunkingSettings(String strategy, int maxChars, int overlapChars, int parentChars,
    Map<String, String> columns) {

  public static ChunkingSettings defaults() {
    return new ChunkingSettings("auto", 500, 50, 0, Map.of());
  }
}
