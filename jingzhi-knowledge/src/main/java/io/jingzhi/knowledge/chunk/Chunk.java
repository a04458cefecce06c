package io.jingzhi.knowledge.chunk;

import java.util.List;
import java.util.Map;

/**
 * One slice of a document, as a chunking strategy made it.
 *
 * @param ordinal position in the document, from 0; parents and children share one numbering
 * @param text what retrieval returns and a model reads
 * @param matchText what is embedded and indexed for matching when it differs from {@code text} (an FAQ's question,
 *     a table row's index columns), else null
 * @param headingPath the headings above the chunk, outermost first (第一章 …, 第三条 …)
 * @param metadata fields the strategy found (section name, table columns marked metadata, schema fields)
 * @param parent the ordinal of the larger chunk this one is part of (small-to-big), or -1
 * @param searchable false for parent chunks that are only returned by context expansion, never matched
 */
public record Chunk(int ordinal, String text, String matchText, List<String> headingPath,
    Map<String, String> metadata, int parent, boolean searchable) {

  public Chunk {
    headingPath = List.copyOf(headingPath);
    metadata = Map.copyOf(metadata);
  }

  /** The text to embed and index. */
  public String indexText() {
    return matchText != null ? matchText : text;
  }
}
