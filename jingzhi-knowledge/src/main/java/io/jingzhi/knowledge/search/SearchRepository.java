package io.jingzhi.knowledge.search;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of the search portal: the found documents' facts, supersessions, and the use counts of
 * {@code kb_document_event} for rankings and the zombie report. Every query is bounded by the bases the caller may
 * see, which the services pass in.
 */
@Repository
class SearchRepository {

  private static final String COLUMNS = "id, kb_id, tenant_id, filename, title, source, metadata, views, downloads,"
      + " created_at, updated_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  SearchRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** A document as the portal shows it. */
  record Doc(long id, long kbId, long tenantId, String filename, String title, String source, JsonNode metadata,
      long views, long downloads, Instant createdAt, Instant updatedAt) {

    String label() {
      return title != null && !title.isBlank() ? title : filename;
    }
  }

  /** The ready documents among these ids that belong to one of the bases. */
  List<Doc> readyDocuments(Collection<Long> ids, Collection<Long> kbIds) {
    if (ids.isEmpty() || kbIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select " + COLUMNS + " from kb_documents where id in (:ids) and kb_id in (:kbs)"
        + " and status = 'ready'").param("ids", ids).param("kbs", kbIds).query(this::doc).list();
  }

  /**
   * The bases whose vectors a query cannot be compared with: the dimension is not known yet, or the embedding model
   * changed and the rebuild that re-embeds them has not finished.
   */
  Set<Long> withoutComparableVectors(Collection<Long> kbIds) {
    if (kbIds.isEmpty()) {
      return Set.of();
    }
    return Set.copyOf(jdbc.sql("select id from kb_bases where id in (:kbs) and (embedding_dimension = 0"
        + " or (vectors_model is not null and vectors_model <> embedding_model))").param("kbs", kbIds)
        .query(Long.class).list());
  }

  /** The metadata of every document of the bases that names documents it supersedes. */
  List<JsonNode> supersedingMetadata(Collection<Long> kbIds) {
    if (kbIds.isEmpty()) {
      return List.of();
    }
    // The metadata column is JSON text; a LIKE narrows the rows portably (H2 and PostgreSQL), the JSON decides.
    return jdbc.sql("select metadata from kb_documents where kb_id in (:kbs) and metadata like '%\"supersedes\"%'")
        .param("kbs", kbIds).query(String.class).list().stream().map(json::readTree).toList();
  }

  /** Events of one kind per document since a time (all time when null), most first, documents that still exist. */
  List<Count> countsByDocument(Collection<Long> kbIds, String kind, Instant since, int limit) {
    if (kbIds.isEmpty()) {
      return List.of();
    }
    var spec = jdbc.sql("select e.document_id, count(*) as n from kb_document_event e"
        + " join kb_documents d on d.id = e.document_id"
        + " where e.kb_id in (:kbs) and e.kind = :kind" + (since != null ? " and e.at >= :since" : "")
        + " group by e.document_id order by n desc, e.document_id limit :limit")
        .param("kbs", kbIds).param("kind", kind).param("limit", limit);
    if (since != null) {
      spec = spec.param("since", Sql.ts(since));
    }
    return spec.query((rs, row) -> new Count(rs.getLong("document_id"), rs.getLong("n"))).list();
  }

  /** A count of events of one document. */
  record Count(long documentId, long count) {}

  /** The documents' facts for labels, whatever their status. */
  List<Doc> documents(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select " + COLUMNS + " from kb_documents where id in (:ids)").param("ids", ids)
        .query(this::doc).list();
  }

  /** A ready document with the time of its last retrieval hit (null: never). */
  record Usage(Doc doc, Instant lastHitAt) {}

  /** Every ready document of the bases with its last hit; the correlated max reads index (document_id, kind, at). */
  List<Usage> usage(Collection<Long> kbIds) {
    if (kbIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select " + COLUMNS.replaceAll("(\\w+)", "d.$1") + ", (select max(e.at) from kb_document_event e"
        + " where e.document_id = d.id and e.kind = 'hit') as last_hit_at from kb_documents d"
        + " where d.kb_id in (:kbs) and d.status = 'ready' order by d.id")
        .param("kbs", kbIds).query((rs, row) -> new Usage(doc(rs, row), Sql.instant(rs, "last_hit_at"))).list();
  }

  private Doc doc(ResultSet rs, int row) throws SQLException {
    return new Doc(rs.getLong("id"), rs.getLong("kb_id"), rs.getLong("tenant_id"), rs.getString("filename"),
        rs.getString("title"), rs.getString("source"), json.readTree(rs.getString("metadata")), rs.getLong("views"),
        rs.getLong("downloads"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }
}
