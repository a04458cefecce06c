package io.jingzhi.knowledge.retrieve;

import java.util.List;

/** The answer of {@code POST /knowledge-bases/{id}/retrieve}. */
public record RetrieveResult(List<RetrievedChunk> chunks, String expandedQuery, String mode, long tookMs) {}
