package io.jingzhi.knowledge.graph;

import io.jingzhi.common.error.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Document text for extraction, read from the core's tables: a document's top-level chunks in order (children of
 * parent–child chunking repeat their parent's text, so they are left out). Only ready documents of the base.
 */
@Component
class ChunkDocumentTexts implements DocumentTexts {

  /** Documents one extraction reads when none are named: bounds the work of one request. */
  static final int MAX_DOCUMENTS = 500;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ChunkDocumentTexts(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  private record Head(long id, String filename, String title, String metadata) {}

  @Override
  public List<DocumentText> texts(long kbId, List<Long> documentIds) {
    List<Head> heads;
    if (documentIds.isEmpty()) {
      heads = jdbc.sql("""
          select id, filename, title, metadata from kb_documents where kb_id = :kb and status = 'ready' order by id
          limit :max""").param("kb", kbId).param("max", MAX_DOCUMENTS)
          .query((rs, i) -> new Head(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    } else {
      if (documentIds.size() > MAX_DOCUMENTS) {
        throw ApiException.invalid("document_ids", "at most " + MAX_DOCUMENTS + " documents per extraction");
      }
      heads = jdbc.sql("""
          select id, filename, title, metadata from kb_documents where kb_id = :kb and status = 'ready'
          and id in (:ids) order by id""").param("kb", kbId).param("ids", documentIds)
          .query((rs, i) -> new Head(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
      var missing = new TreeSet<>(documentIds);
      heads.forEach(h -> missing.remove(h.id()));
      if (!missing.isEmpty()) {
        throw new ApiException(HttpStatus.BAD_REQUEST, "graph.unknown_document", "document_ids: no ready document "
            + missing + " in this knowledge base");
      }
    }
    List<DocumentText> out = new ArrayList<>();
    for (Head h : heads) {
      String text = String.join("\n", jdbc.sql("""
          select text from kb_chunks where document_id = :d and parent_id is null order by ordinal""")
          .param("d", h.id()).query(String.class).list());
      out.add(new DocumentText(h.id(), realTitle(h), text, texts(h.metadata())));
    }
    return out;
  }

  /** The metadata's text values (numbers too, as text); lists and objects say nothing a rule would read. */
  private Map<String, String> texts(String metadata) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode tree;
    try {
      tree = metadata == null || metadata.isBlank() ? null : json.readTree(metadata);
    } catch (RuntimeException unreadable) {
      tree = null;
    }
    if (tree != null && tree.isObject()) {
      for (var e : tree.properties()) {
        if (e.getValue().isValueNode() && !e.getValue().isNull() && !e.getValue().asString().isBlank()) {
          out.put(e.getKey(), e.getValue().asString().strip());
        }
      }
    }
    return out;
  }

  /** A title that is only the file name says nothing: the rules then take the document's first line. */
  private static String realTitle(Head h) {
    String t = h.title() == null ? "" : h.title().strip();
    if (t.isEmpty() || t.equals(h.filename()) || h.filename().startsWith(t + ".")) {
      return null;
    }
    return t;
  }
}
