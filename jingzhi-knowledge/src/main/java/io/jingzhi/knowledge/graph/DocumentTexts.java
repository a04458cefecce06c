package io.jingzhi.knowledge.graph;

import java.util.List;
import java.util.Map;

/** The text of a base's documents, as extraction reads it. */
public interface DocumentTexts {

  /**
   * The documents of the base with their text (their chunks in order), all of them when {@code documentIds} is
   * empty. An id that is not a document of the base answers 400.
   */
  List<DocumentText> texts(long kbId, List<Long> documentIds);

  /**
   * One document: its id, title (or file name), text, and the text values of its metadata (what a person or an
   * import said of it: {@code issuing_unit}, {@code doc_number}… win over what the rules read in the text).
   */
  record DocumentText(long id, String title, String text, Map<String, String> metadata) {

    public DocumentText {
      metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public DocumentText(long id, String title, String text) {
      this(id, title, text, Map.of());
    }
  }
}
