package io.jingzhi.knowledge.chunk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chunk as a strategy made it, before {@link ChunkAssembler} numbers it, fills schema fields and groups parents.
 *
 * @param repeated how many leading characters of {@code text} repeat context (overlap, a heading or item prefix);
 *     a parent that joins this chunk to the one before leaves them out
 */
record Draft(String text, String matchText, List<String> path, Map<String, String> metadata, int repeated) {

  Draft {
    path = List.copyOf(path);
    metadata = new LinkedHashMap<>(metadata);
  }

  static Draft of(String text, List<String> path, Map<String, String> metadata) {
    return new Draft(text, null, path, metadata, 0);
  }

  /** Drafts of packed pieces, each with the page it starts on. */
  static List<Draft> ofPieces(List<Piece> pieces, Map<String, String> metadata) {
    return pieces.stream().map(p -> new Draft(p.text(), null, p.path(), withPage(metadata, p.page()), p.repeated()))
        .toList();
  }

  static Map<String, String> withPage(Map<String, String> metadata, int page) {
    Map<String, String> out = new LinkedHashMap<>(metadata);
    if (page > 0) {
      out.put("page", Integer.toString(page));
    }
    return out;
  }
}
