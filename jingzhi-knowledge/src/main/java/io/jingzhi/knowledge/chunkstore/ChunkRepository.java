package io.jingzhi.knowledge.chunkstore;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores chunks with their vectors; a document's chunks are replaced as a whole. */
@Repository
public class ChunkRepository {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {};
  private static final String COLUMNS = "id, kb_id, document_id, tenant_id, ordinal, text, match_text, heading_path,"
      + " metadata, enabled, searchable, parent_id, char_count, vector";

  private static final String INSERT = """
      insert into kb_chunks (kb_id, document_id, tenant_id, ordinal, text, match_text, heading_path, metadata,
        enabled, searchable, parent_id, char_count, vector)
      values (:kb, :doc, :tenant, :ordinal, :text, :match, :headings, :metadata, true, :searchable, :parent,
        :chars, :vector)""";

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate batch;
  private final JsonMapper json;

  public ChunkRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batch, JsonMapper json) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.json = json;
  }

  /** A chunk to store: its parent named by ordinal within the document (-1 for none). */
  public record NewChunk(int ordinal, String text, String matchText, List<String> headingPath,
      Map<String, String> metadata, int parentOrdinal, boolean searchable, float[] vector) {}

  /**
   * Replaces every chunk of a document with these, in one statement sequence (call inside a transaction so the
   * old chunks stay until the new ones are in). Chunks that are parents are stored first, one by one, so children
   * can name their ids; all the others go in one JDBC batch.
   */
  public List<StoredChunk> replace(long kbId, long documentId, long tenantId, List<NewChunk> chunks) {
    jdbc.sql("update kb_chunks set parent_id = null where document_id = :d").param("d", documentId).update();
    jdbc.sql("delete from kb_chunks where document_id = :d").param("d", documentId).update();
    Set<Integer> parents = chunks.stream().map(NewChunk::parentOrdinal).filter(p -> p >= 0)
        .collect(Collectors.toSet());
    Map<Integer, Long> idByOrdinal = new HashMap<>();
    List<NewChunk> ordered = new ArrayList<>(chunks.stream().filter(c -> c.parentOrdinal() < 0).toList());
    ordered.addAll(chunks.stream().filter(c -> c.parentOrdinal() >= 0).toList());
    for (NewChunk c : ordered) {
      if (parents.contains(c.ordinal())) {
        var keys = new GeneratedKeyHolder();
        batch.update(INSERT, row(kbId, documentId, tenantId, c, idByOrdinal), keys, new String[] {"id"});
        idByOrdinal.put(c.ordinal(), keys.getKey().longValue());
      }
    }
    List<SqlParameterSource> rows = new ArrayList<>(chunks.size());
    for (NewChunk c : chunks) {
      if (!parents.contains(c.ordinal())) {
        rows.add(row(kbId, documentId, tenantId, c, idByOrdinal));
      }
    }
    if (!rows.isEmpty()) {
      batch.batchUpdate(INSERT, rows.toArray(SqlParameterSource[]::new));
    }
    return ofDocument(documentId);
  }

  private MapSqlParameterSource row(long kbId, long documentId, long tenantId, NewChunk c,
      Map<Integer, Long> idByOrdinal) {
    if (c.parentOrdinal() >= 0 && !idByOrdinal.containsKey(c.parentOrdinal())) {
      throw new IllegalArgumentException("chunk " + c.ordinal() + " names parent " + c.parentOrdinal()
          + ", which is not stored before it");
    }
    return new MapSqlParameterSource().addValue("kb", kbId).addValue("doc", documentId)
        .addValue("tenant", tenantId).addValue("ordinal", c.ordinal()).addValue("text", c.text())
        .addValue("match", c.matchText()).addValue("headings", json.writeValueAsString(c.headingPath()))
        .addValue("metadata", json.writeValueAsString(c.metadata())).addValue("searchable", c.searchable())
        .addValue("parent", c.parentOrdinal() >= 0 ? idByOrdinal.get(c.parentOrdinal()) : null)
        .addValue("chars", c.text().length()).addValue("vector", Vectors.toBytes(c.vector()));
  }

  public List<StoredChunk> ofDocument(long documentId) {
    return jdbc.sql("select " + COLUMNS + " from kb_chunks where document_id = :d order by ordinal")
        .param("d", documentId).query(this::map).list();
  }

  public Optional<StoredChunk> find(long kbId, long id) {
    return jdbc.sql("select " + COLUMNS + " from kb_chunks where id = :id and kb_id = :kb").param("id", id)
        .param("kb", kbId).query(this::map).optional();
  }

  public PageResult<StoredChunk> page(long kbId, Long documentId, String q, Boolean enabled, PageQuery page) {
    StringBuilder where = new StringBuilder(" where kb_id = :kb");
    Map<String, Object> params = new HashMap<>();
    params.put("kb", kbId);
    if (documentId != null) {
      where.append(" and document_id = :doc");
      params.put("doc", documentId);
    }
    if (q != null && !q.isBlank()) {
      where.append(" and lower(text) like lower(:q) escape '\\'");
      params.put("q", Sql.likeContains(q.strip()));
    }
    if (enabled != null) {
      where.append(" and enabled = :enabled");
      params.put("enabled", enabled);
    }
    long total = jdbc.sql("select count(*) from kb_chunks" + where).params(params).query(Long.class).single();
    List<StoredChunk> items = jdbc.sql("select " + COLUMNS + " from kb_chunks" + where
        + " order by document_id, ordinal limit :limit offset :offset").params(params)
        .param("limit", page.size()).param("offset", page.offset()).query(this::map).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  public void update(long id, String text, String matchText, Map<String, String> metadata, boolean enabled,
      float[] vector) {
    jdbc.sql("""
        update kb_chunks set text = :text, match_text = :match, metadata = :metadata, enabled = :enabled,
          char_count = :chars, vector = :vector
        where id = :id""")
        .param("text", text).param("match", matchText).param("metadata", json.writeValueAsString(metadata))
        .param("enabled", enabled).param("chars", text.length()).param("vector", Vectors.toBytes(vector))
        .param("id", id).update();
  }

  public void vector(long id, float[] vector) {
    jdbc.sql("update kb_chunks set vector = :v where id = :id").param("v", Vectors.toBytes(vector)).param("id", id)
        .update();
  }

  private StoredChunk map(ResultSet rs, int row) throws SQLException {
    return new StoredChunk(rs.getLong("id"), rs.getLong("kb_id"), rs.getLong("document_id"), rs.getLong("tenant_id"),
        rs.getInt("ordinal"), rs.getString("text"), rs.getString("match_text"),
        json.readValue(rs.getString("heading_path"), STRINGS), json.readValue(rs.getString("metadata"), FIELDS),
        rs.getBoolean("enabled"), rs.getBoolean("searchable"), Sql.nullableLong(rs, "parent_id"),
        rs.getInt("char_count"), Vectors.fromBytes(rs.getBytes("vector")));
  }
}
