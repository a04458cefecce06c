package io.jingzhi.knowledge.graph;

import java.util.List;

/** The text of a base's documents, as extraction reads it. */
public interface DocumentTexts {

  /**
   * The documents of the base with their text (their chunks in order), all of them when {@code documentIds} is
   * empty. An id that is not a document of the base answers 400.
   */
  List<DocumentText> texts(long kbId, List<Long> documentIds);

  /** One document: its id, title (or file name) and text. */
  record DocumentText(long id, String title, String text) {}
}
