package io.jingzhi.knowledge.base;

import io.jingzhi.common.db.Sql;
import io.jingzhi.knowledge.clean.CleaningOptions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores knowledge bases; settings as JSON text, counts computed from documents and chunks. */
@Repository
public class KnowledgeBaseRepository {

  private static final TypeReference<List<Long>> IDS = new TypeReference<>() {};
  private static final String SELECT = """
      select b.*, (select count(*) from kb_documents d where d.kb_id = b.id) as document_count,
        (select count(*) from kb_chunks c where c.kb_id = b.id) as chunk_count,
        (select p.code from iam_projects p where p.id = b.project_id) as project_code
      from kb_bases b""";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public KnowledgeBaseRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** What a new or changed base stores. */
  public record Row(String code, String name, String description, long projectId, long orgId, long tenantId,
      String group, String sharing, List<Long> sharedOrgIds, String embeddingModel, int embeddingDimension,
      String chunking, String retrieval, List<Long> dictionaryIds, String cleaning) {}

  public Optional<KnowledgeBase> find(long id) {
    return jdbc.sql(SELECT + " where b.id = :id").param("id", id).query(this::map).optional();
  }

  public Optional<KnowledgeBase> findByCode(String code) {
    return jdbc.sql(SELECT + " where b.code = :c").param("c", code).query(this::map).optional();
  }

  /**
   * Candidates for a caller's listing: every base of the tenant and every base shared beyond its tenant (the
   * sharing rules then decide); all bases when {@code tenantId} is null (platform administrators).
   */
  public List<KnowledgeBase> candidates(Long tenantId, String q, String group) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    if (tenantId != null) {
      where.append(" and (b.tenant_id = :t or b.sharing in ('global', 'orgs'))");
    }
    if (q != null && !q.isBlank()) {
      where.append(" and (lower(b.name) like lower(:q) escape '\\' or lower(b.code) like lower(:q) escape '\\'"
          + " or lower(b.description) like lower(:q) escape '\\')");
    }
    if (group != null && !group.isBlank()) {
      where.append(" and b.group_name = :g");
    }
    var spec = jdbc.sql(SELECT + where + " order by b.id desc");
    if (tenantId != null) {
      spec = spec.param("t", tenantId);
    }
    if (q != null && !q.isBlank()) {
      spec = spec.param("q", Sql.likeContains(q.strip()));
    }
    if (group != null && !group.isBlank()) {
      spec = spec.param("g", group.strip());
    }
    return spec.query(this::map).list();
  }

  public List<Long> allIds() {
    return jdbc.sql("select id from kb_bases order by id").query(Long.class).list();
  }

  public long insert(Row r, long createdBy, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into kb_bases (code, name, description, project_id, org_id, tenant_id, group_name, sharing,
          shared_org_ids, embedding_model, embedding_dimension, vectors_model, chunking, retrieval, dictionary_ids,
          cleaning, created_by, created_at, updated_at)
        values (:code, :name, :description, :project, :org, :tenant, :group, :sharing, :shared, :model, :dim, :model,
          :chunking, :retrieval, :dicts, :cleaning, :by, :now, :now)""")
        .params(params(r)).param("by", createdBy).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  public void update(long id, Row r, Instant now) {
    jdbc.sql("""
        update kb_bases set name = :name, description = :description, project_id = :project, org_id = :org,
          tenant_id = :tenant, group_name = :group, sharing = :sharing, shared_org_ids = :shared,
          embedding_model = :model, embedding_dimension = :dim, chunking = :chunking, retrieval = :retrieval,
          dictionary_ids = :dicts, cleaning = :cleaning, updated_at = :now
        where id = :id""")
        .params(params(r)).param("now", Sql.ts(now)).param("id", id).update();
  }

  /** The base's record of its linked dictionaries (the links themselves belong to the dictionary feature). */
  public void updateDictionaryIds(long id, List<Long> dictionaryIds) {
    jdbc.sql("update kb_bases set dictionary_ids = :d where id = :id")
        .param("d", json.writeValueAsString(dictionaryIds)).param("id", id).update();
  }

  /** Records that the stored vectors now come from {@code model} (after a rebuild re-embedded them). */
  public void vectorsFrom(long id, String model) {
    jdbc.sql("update kb_bases set vectors_model = :m where id = :id").param("m", model).param("id", id).update();
  }

  public void dimension(long id, int dimension) {
    jdbc.sql("update kb_bases set embedding_dimension = :d where id = :id").param("d", dimension).param("id", id)
        .update();
  }

  public void delete(long id) {
    jdbc.sql("delete from kb_bases where id = :id").param("id", id).update();
  }

  private java.util.Map<String, Object> params(Row r) {
    var p = new java.util.HashMap<String, Object>();
    p.put("code", r.code());
    p.put("name", r.name());
    p.put("description", r.description());
    p.put("project", r.projectId());
    p.put("org", r.orgId());
    p.put("tenant", r.tenantId());
    p.put("group", r.group());
    p.put("sharing", r.sharing());
    p.put("shared", json.writeValueAsString(r.sharedOrgIds()));
    p.put("model", r.embeddingModel());
    p.put("dim", r.embeddingDimension());
    p.put("chunking", r.chunking());
    p.put("retrieval", r.retrieval());
    p.put("dicts", json.writeValueAsString(r.dictionaryIds()));
    p.put("cleaning", r.cleaning());
    return p;
  }

  private KnowledgeBase map(ResultSet rs, int row) throws SQLException {
    String projectCode = rs.getString("project_code");
    return new KnowledgeBase(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
        rs.getString("description"), projectCode, rs.getLong("project_id"), projectCode, rs.getLong("org_id"),
        rs.getLong("tenant_id"), rs.getString("group_name"), rs.getString("sharing"),
        json.readValue(rs.getString("shared_org_ids"), IDS), rs.getString("embedding_model"),
        rs.getInt("embedding_dimension"), json.readTree(rs.getString("chunking")),
        json.readValue(rs.getString("retrieval"), RetrievalDefaults.class),
        json.readValue(rs.getString("dictionary_ids"), IDS), rs.getLong("document_count"), rs.getLong("chunk_count"),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"), rs.getLong("created_by"),
        rs.getString("vectors_model"), rs.getString("cleaning") == null
            ? json.valueToTree(CleaningOptions.defaults()) : json.readTree(rs.getString("cleaning")));
  }
}
