package io.jingzhi.knowledge.retrieval;

import java.util.List;

/**
 * The answer to a retrieval: hits best first, the query as dictionary expansion made it, the mode and the time.
 */
public record RetrievalResult(List<RetrievedChunk> chunks, String expandedQuery, String mode, long tookMs) {}
