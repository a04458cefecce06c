package io.jingzhi.guard.answer;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Canned answers. */
@Repository
class AnswerRepository {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  AnswerRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  List<CannedAnswer> all() {
    return jdbc.sql("select * from guard_answers order by id").query(this::map).list();
  }

  Optional<CannedAnswer> find(long id) {
    return jdbc.sql("select * from guard_answers where id = :id").param("id", id).query(this::map).optional();
  }

  Optional<CannedAnswer> findByQuestion(Long tenantId, String question) {
    return jdbc.sql("select * from guard_answers where owner_id = :o and question = :q").param("o", owner(tenantId))
        .param("q", question).query(this::map).optional();
  }

  /** Answers of these tenants and the platform's ({@code tenantIds} null: all). */
  PageResult<CannedAnswer> page(List<Long> tenantIds, boolean platformOnly, String q, String group,
      PageQuery page) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (platformOnly) {
      where.append(" and tenant_id is null");
    } else if (tenantIds != null) {
      where.append(" and (tenant_id is null or tenant_id in (:tenants))");
      params.put("tenants", tenantIds);
    }
    if (q != null && !q.isBlank()) {
      where.append(" and (lower(question) like :q escape '\\' or lower(answer) like :q escape '\\')");
      params.put("q", Sql.likeContains(q.strip().toLowerCase()));
    }
    if (group != null && !group.isBlank()) {
      where.append(" and answer_group = :g");
      params.put("g", group);
    }
    long total = jdbc.sql("select count(*) from guard_answers" + where).params(params).query(Long.class).single();
    List<CannedAnswer> items = jdbc.sql("select * from guard_answers" + where
        + " order by case when tenant_id is null then 0 else 1 end, id limit :size offset :offset").params(params)
        .param("size", page.size()).param("offset", page.offset()).query(this::map).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  long insert(CannedAnswer a, Long createdBy) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into guard_answers (owner_id, tenant_id, question, answer, risk_types, answer_group, enabled,
          created_by, created_at, updated_at)
        values (:owner, :tenant, :question, :answer, :risk, :group, :enabled, :by, :now, :now)""")
        .params(params(a)).param("by", createdBy).update(keys, "id");
    return keys.getKey().longValue();
  }

  void update(CannedAnswer a) {
    jdbc.sql("""
        update guard_answers set question = :question, answer = :answer, risk_types = :risk, answer_group = :group,
          enabled = :enabled, updated_at = :now where id = :id""").params(params(a)).param("id", a.id()).update();
  }

  void delete(long id) {
    jdbc.sql("delete from guard_answers where id = :id").param("id", id).update();
  }

  private Map<String, Object> params(CannedAnswer a) {
    Map<String, Object> m = new HashMap<>();
    m.put("owner", owner(a.tenantId()));
    m.put("tenant", a.tenantId());
    m.put("question", a.question());
    m.put("answer", a.answer());
    m.put("risk", json.writeValueAsString(a.riskTypes()));
    m.put("group", a.group());
    m.put("enabled", a.enabled());
    m.put("now", Sql.ts(a.updatedAt()));
    return m;
  }

  static long owner(Long tenantId) {
    return tenantId == null ? 0 : tenantId;
  }

  private CannedAnswer map(ResultSet rs, int row) throws SQLException {
    return new CannedAnswer(rs.getLong("id"), Sql.nullableLong(rs, "tenant_id"), rs.getString("question"),
        rs.getString("answer"), json.readValue(rs.getString("risk_types"), STRINGS), rs.getString("answer_group"),
        rs.getBoolean("enabled"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }
}
