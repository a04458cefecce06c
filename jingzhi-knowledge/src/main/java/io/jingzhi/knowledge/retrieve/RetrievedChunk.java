package io.jingzhi.knowledge.retrieve;

import java.util.List;
import java.util.Map;

/** One chunk of a retrieval answer, with its neighbours or parent when context expansion asked for them. */
public record RetrievedChunk(long id, String text, double score, long documentId, long kbId,
    Map<String, String> metadata, List<String> headingPath, String highlight, List<ContextChunk> context) {

  /** A chunk around a hit. */
  public record ContextChunk(long id, String text, int ordinal) {}
}
