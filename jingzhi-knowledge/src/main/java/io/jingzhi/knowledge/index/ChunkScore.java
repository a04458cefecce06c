package io.jingzhi.knowledge.index;

/**
 * A search hit before its chunk is read: which chunk, in which base, and its score under the search that found it
 * (higher is better). Fusion and top-k need no more; the chunks kept are then read with
 * {@link KnowledgeIndex#chunks}.
 */
public record ChunkScore(long kbId, long chunkId, float score) {}
