package io.jingzhi.knowledge.document;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Stores documents, their quality reports, counters and the view/download/hit events. */
@Repository
public class DocumentRepository {

  private static final String COLUMNS = "id, kb_id, tenant_id, filename, title, format, media_type, size_bytes,"
      + " content_hash, source, source_ref, status, chunk_count, error, error_code, metadata, quality_score,"
      + " page_count, duplicate_of, views, downloads, created_by, created_at, updated_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public DocumentRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** A new document's stored facts. */
  public record NewDocument(long kbId, long tenantId, String filename, long sizeBytes, String contentHash,
      String source, String sourceRef, String metadata, long createdBy) {}

  public long insert(NewDocument d, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into kb_documents (kb_id, tenant_id, filename, size_bytes, content_hash, source, source_ref, status,
          metadata, created_by, created_at, updated_at)
        values (:kb, :tenant, :filename, :size, :hash, :source, :ref, 'pending', :metadata, :by, :now, :now)""")
        .param("kb", d.kbId()).param("tenant", d.tenantId()).param("filename", d.filename())
        .param("size", d.sizeBytes()).param("hash", d.contentHash()).param("source", d.source())
        .param("ref", d.sourceRef()).param("metadata", d.metadata()).param("by", d.createdBy())
        .param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  public Optional<Document> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from kb_documents where id = :id").param("id", id).query(this::map)
        .optional();
  }

  public Optional<Document> find(long kbId, long id) {
    return find(id).filter(d -> d.kbId() == kbId);
  }

  /** The document of the base that already has this content (failed ones do not count), if any. */
  public Optional<Document> byHash(long kbId, String hash) {
    return jdbc.sql("select " + COLUMNS + " from kb_documents where kb_id = :kb and content_hash = :h"
        + " and status <> 'failed' order by id").param("kb", kbId).param("h", hash).query(this::map).list()
        .stream().findFirst();
  }

  /** A document of the base with this content that failed before it had any chunk, if any. */
  public Optional<Document> failedByHash(long kbId, String hash) {
    return jdbc.sql("select " + COLUMNS + " from kb_documents where kb_id = :kb and content_hash = :h"
        + " and status = 'failed' and chunk_count = 0 order by id").param("kb", kbId).param("h", hash)
        .query(this::map).list().stream().findFirst();
  }

  public PageResult<Document> page(long kbId, String status, String q, PageQuery page) {
    String where = " where kb_id = :kb" + (status != null ? " and status = :status" : "")
        + (q != null ? " and (lower(filename) like lower(:q) escape '\\' or lower(title) like lower(:q) escape '\\')"
        : "");
    var count = jdbc.sql("select count(*) from kb_documents" + where).param("kb", kbId);
    var items = jdbc.sql("select " + COLUMNS + " from kb_documents" + where
        + " order by id desc limit :limit offset :offset").param("kb", kbId)
        .param("limit", page.size()).param("offset", page.offset());
    if (status != null) {
      count = count.param("status", status);
      items = items.param("status", status);
    }
    if (q != null) {
      count = count.param("q", Sql.likeContains(q));
      items = items.param("q", Sql.likeContains(q));
    }
    return new PageResult<>(items.query(this::map).list(), count.query(Long.class).single(), page.page(),
        page.size());
  }

  public List<Long> idsOf(long kbId) {
    return jdbc.sql("select id from kb_documents where kb_id = :kb order by id").param("kb", kbId)
        .query(Long.class).list();
  }

  public void status(long id, String status, String errorCode, String error, Instant now) {
    jdbc.sql("update kb_documents set status = :s, error_code = :c, error = :e, updated_at = :now where id = :id")
        .param("s", status).param("c", errorCode).param("e", cut(error)).param("now", Sql.ts(now))
        .param("id", id).update();
  }

  /** What the pipeline learnt of a document once its chunks are stored; it is then ready. */
  public void ready(long id, String title, String format, String mediaType, int pageCount, int chunkCount,
      Integer qualityScore, String qualityJson, Instant now) {
    learnt(id, "ready", title, format, mediaType, pageCount, chunkCount, qualityScore, qualityJson, now);
  }

  /**
   * What the pipeline learnt of a document once its chunks are stored, the document staying 'processing' until
   * {@link #readyAll} (an ingestion job marks it ready once its index entries are visible to searches).
   */
  public void stored(long id, String title, String format, String mediaType, int pageCount, int chunkCount,
      Integer qualityScore, String qualityJson, Instant now) {
    learnt(id, "processing", title, format, mediaType, pageCount, chunkCount, qualityScore, qualityJson, now);
  }

  private void learnt(long id, String status, String title, String format, String mediaType, int pageCount,
      int chunkCount, Integer qualityScore, String qualityJson, Instant now) {
    jdbc.sql("""
        update kb_documents set status = :status, error = null, error_code = null, title = coalesce(:title, title),
          format = :format, media_type = :media, page_count = :pages, chunk_count = :chunks, quality_score = :score,
          quality = :quality, updated_at = :now
        where id = :id""")
        .param("status", status).param("title", cut(title, 500)).param("format", format)
        .param("media", cut(mediaType, 200))
        .param("pages", pageCount).param("chunks", chunkCount).param("score", qualityScore)
        .param("quality", qualityJson).param("now", Sql.ts(now)).param("id", id).update();
  }

  /** Marks these documents ready, in one statement. */
  public void readyAll(java.util.Collection<Long> ids, Instant now) {
    if (!ids.isEmpty()) {
      jdbc.sql("update kb_documents set status = 'ready', error = null, error_code = null, updated_at = :now"
          + " where id in (:ids)").param("now", Sql.ts(now)).param("ids", ids).update();
    }
  }

  public void chunkCount(long id, int chunkCount, Instant now) {
    jdbc.sql("update kb_documents set chunk_count = :c, updated_at = :now where id = :id").param("c", chunkCount)
        .param("now", Sql.ts(now)).param("id", id).update();
  }

  public void patch(long id, String title, String metadata, Instant now) {
    jdbc.sql("update kb_documents set title = :t, metadata = :m, updated_at = :now where id = :id")
        .param("t", title).param("m", metadata).param("now", Sql.ts(now)).param("id", id).update();
  }

  public Optional<String> quality(long id) {
    return jdbc.sql("select quality from kb_documents where id = :id").param("id", id).query(String.class)
        .optional();
  }

  public void delete(long id) {
    jdbc.sql("delete from kb_documents where id = :id").param("id", id).update();
  }

  /** Counts a view, download or retrieval hit: the counter on the document and one event row for rankings. */
  public void count(Document d, String kind, Instant now) {
    if ("view".equals(kind) || "download".equals(kind)) {
      String column = "view".equals(kind) ? "views" : "downloads";
      jdbc.sql("update kb_documents set " + column + " = " + column + " + 1 where id = :id").param("id", d.id())
          .update();
    }
    event(d.id(), d.kbId(), d.tenantId(), kind, now);
  }

  /** One retrieval hit for each document. */
  public void hits(long kbId, long tenantId, Collection<Long> documentIds, Instant now) {
    documentIds.forEach(id -> event(id, kbId, tenantId, "hit", now));
  }

  private void event(long documentId, long kbId, long tenantId, String kind, Instant now) {
    jdbc.sql("insert into kb_document_event (document_id, kb_id, tenant_id, kind, at) values (:d, :kb, :t, :k, :at)")
        .param("d", documentId).param("kb", kbId).param("t", tenantId).param("k", kind).param("at", Sql.ts(now))
        .update();
  }

  private Document map(ResultSet rs, int row) throws SQLException {
    return new Document(rs.getLong("id"), rs.getLong("kb_id"), rs.getLong("tenant_id"), rs.getString("filename"),
        rs.getString("title"), rs.getString("format"), rs.getString("media_type"), rs.getLong("size_bytes"),
        rs.getString("content_hash"), rs.getString("source"), rs.getString("source_ref"), rs.getString("status"),
        rs.getInt("chunk_count"), rs.getString("error"), rs.getString("error_code"),
        json.readTree(rs.getString("metadata")), Sql.nullableInt(rs, "quality_score"), rs.getInt("page_count"),
        Sql.nullableLong(rs, "duplicate_of"), rs.getLong("views"), rs.getLong("downloads"), rs.getLong("created_by"),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }

  private static String cut(String s) {
    return cut(s, 2000);
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
