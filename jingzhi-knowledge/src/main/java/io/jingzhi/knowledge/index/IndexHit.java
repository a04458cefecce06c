package io.jingzhi.knowledge.index;

/** One match: the chunk and its score under the search that found it (higher is better). */
public record IndexHit(IndexedChunk chunk, float score) {}
