package io.jingzhi.knowledge.chunkstore;

import io.jingzhi.knowledge.index.IndexedChunk;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns stored chunks into index entries: the chunk's own fields plus its document's metadata (issuing unit,
 * dates, tags ...), title and source, so filters on document fields work inside the vector search.
 */
@Component
public class IndexEntries {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final KnowledgeIndex index;

  public IndexEntries(JdbcClient jdbc, JsonMapper json, KnowledgeIndex index) {
    this.jdbc = jdbc;
    this.json = json;
    this.index = index;
  }

  /** A document's fields every one of its chunks carries in the index. */
  public record DocumentFields(Map<String, String> fields, List<String> tags) {}

  /** Replaces the document's entries in the index with these chunks. */
  public void reindexDocument(long kbId, long documentId, List<StoredChunk> chunks) {
    reindexDocument(kbId, documentId, chunks, true);
  }

  /**
   * Replaces the document's entries; when not {@code visibleNow} they may stay invisible to searches until the next
   * {@link #refresh} of the base (a batch of documents is then made visible with one refresh).
   */
  public void reindexDocument(long kbId, long documentId, List<StoredChunk> chunks, boolean visibleNow) {
    if (chunks.isEmpty()) {
      index.deleteDocument(kbId, documentId);
      return;
    }
    DocumentFields fields = documentFields(documentId);
    List<IndexedChunk> entries = new ArrayList<>(chunks.size());
    for (StoredChunk c : chunks) {
      entries.add(entry(c, fields));
    }
    if (visibleNow) {
      index.replaceDocument(kbId, documentId, entries);
    } else {
      index.replaceDocumentDeferred(kbId, documentId, entries);
    }
  }

  /** Makes every index write of base {@code kbId} so far visible to searches. */
  public void refresh(long kbId) {
    index.refresh(kbId);
  }

  /** Adds or replaces these chunks of one document. */
  public void upsert(long documentId, List<StoredChunk> chunks) {
    if (chunks.isEmpty()) {
      return;
    }
    DocumentFields fields = documentFields(documentId);
    List<IndexedChunk> entries = new ArrayList<>(chunks.size());
    for (StoredChunk c : chunks) {
      entries.add(entry(c, fields));
    }
    index.upsert(entries);
  }

  public IndexedChunk entry(StoredChunk c, DocumentFields doc) {
    // The chunk's own fields (a JSONL record's, a table row's) are more specific than its document's and win.
    Map<String, String> metadata = new LinkedHashMap<>(doc.fields());
    metadata.putAll(c.metadata());
    return new IndexedChunk(c.id(), c.kbId(), c.documentId(), c.tenantId(), c.ordinal(), c.text(), c.indexText(),
        c.vector(), metadata, doc.tags(), c.parentId(), c.enabled(), c.searchable(), c.headingPath());
  }

  /** The document's metadata as flat strings (lists joined by commas, except tags, which stay a list). */
  public DocumentFields documentFields(long documentId) {
    return jdbc.sql("select filename, title, metadata from kb_documents where id = :id").param("id", documentId)
        .query((rs, n) -> fields(rs.getString("filename"), rs.getString("title"), rs.getString("metadata")))
        .optional().orElse(new DocumentFields(Map.of(), List.of()));
  }

  private DocumentFields fields(String filename, String title, String metadataJson) {
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> tags = new ArrayList<>();
    JsonNode metadata = json.readTree(metadataJson);
    metadata.properties().forEach(e -> {
      JsonNode v = e.getValue();
      if ("tags".equals(e.getKey())) {
        if (v.isArray()) {
          v.forEach(t -> tags.add(t.asString()));
        } else if (!v.isNull()) {
          tags.add(v.asString());
        }
      } else if (v.isArray()) {
        List<String> parts = new ArrayList<>();
        v.forEach(p -> parts.add(p.asString()));
        fields.put(e.getKey(), String.join(",", parts));
      } else if (!v.isNull() && !v.isObject()) {
        fields.put(e.getKey(), v.asString());
      }
    });
    fields.putIfAbsent("source", filename);
    if (title != null) {
      fields.putIfAbsent("title", title);
    }
    return new DocumentFields(fields, List.copyOf(tags));
  }
}
