package io.jingzhi.knowledge.chunkstore;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * A chunk as the relational store keeps it (the source of truth the index is rebuilt from) and as the API shows it.
 *
 * @param matchText what is embedded and matched when it differs from {@code text}, else null
 * @param vector the embedding of the match text, kept so a rebuild need not re-embed
 */
public record StoredChunk(long id, long kbId, long documentId, long tenantId, int ordinal, String text,
    String matchText, List<String> headingPath, Map<String, String> metadata, boolean enabled, boolean searchable,
    Long parentId, int charCount, @JsonIgnore float[] vector) {

  /** The text that is embedded and indexed. */
  @JsonIgnore
  public String indexText() {
    return matchText != null ? matchText : text;
  }
}
