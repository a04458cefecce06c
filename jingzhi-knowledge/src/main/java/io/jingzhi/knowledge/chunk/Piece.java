package io.jingzhi.knowledge.chunk;

import java.util.List;

/**
 * Packed text of one chunk.
 *
 * @param repeated how many leading characters repeat the end of the previous piece (overlap)
 */
record Piece(String text, int repeated, int page, List<String> path) {}
