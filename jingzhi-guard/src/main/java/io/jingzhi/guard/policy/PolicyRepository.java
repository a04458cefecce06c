package io.jingzhi.guard.policy;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Guard policies; scope, conditions and exceptions are stored as JSON documents. */
@Repository
class PolicyRepository {

  private static final String ORDER = " order by priority, case when tenant_id is null then 0 else 1 end, id";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  PolicyRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Filter of a listing; {@code tenantIds} null means every tenant (platform callers). */
  record Filter(List<Long> tenantIds, boolean platformOnly, String q, String action, String mode, Boolean enabled) {}

  List<Policy> all() {
    return jdbc.sql("select * from guard_policies" + ORDER).query(this::map).list();
  }

  Optional<Policy> find(long id) {
    return jdbc.sql("select * from guard_policies where id = :id").param("id", id).query(this::map).optional();
  }

  Optional<Policy> findByCode(Long tenantId, String code) {
    return jdbc.sql("select * from guard_policies where owner_id = :o and code = :c").param("o", owner(tenantId))
        .param("c", code).query(this::map).optional();
  }

  PageResult<Policy> page(Filter f, PageQuery page) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (f.platformOnly()) {
      where.append(" and tenant_id is null");
    } else if (f.tenantIds() != null) {
      where.append(" and (tenant_id is null").append(f.tenantIds().isEmpty() ? "" : " or tenant_id in (:tenants)")
          .append(")");
      if (!f.tenantIds().isEmpty()) {
        params.put("tenants", f.tenantIds());
      }
    }
    if (f.q() != null && !f.q().isBlank()) {
      where.append(" and (lower(code) like :q escape '\\' or lower(name) like :q escape '\\')");
      params.put("q", Sql.likeContains(f.q().strip().toLowerCase()));
    }
    if (f.action() != null) {
      where.append(" and action = :action");
      params.put("action", f.action());
    }
    if (f.mode() != null) {
      where.append(" and mode = :mode");
      params.put("mode", f.mode());
    }
    if (f.enabled() != null) {
      where.append(" and enabled = :enabled");
      params.put("enabled", f.enabled());
    }
    long total = jdbc.sql("select count(*) from guard_policies" + where).params(params).query(Long.class).single();
    List<Policy> items = jdbc.sql("select * from guard_policies" + where + ORDER + " limit :size offset :offset")
        .params(params).param("size", page.size()).param("offset", page.offset()).query(this::map).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  long insert(Policy p, Long createdBy) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into guard_policies (owner_id, tenant_id, code, name, description, priority, enabled, mode, scope,
          conditions, exceptions, action, refusal_text, mask_strategy, answer_text, answer_group, redirect_url,
          created_by, created_at, updated_at)
        values (:owner, :tenant, :code, :name, :description, :priority, :enabled, :mode, :scope, :conditions,
          :exceptions, :action, :refusal, :strategy, :answerText, :answerGroup, :redirect, :by, :now, :now)""")
        .params(params(p)).param("by", createdBy).param("now", Sql.ts(p.updatedAt())).update(keys, "id");
    return keys.getKey().longValue();
  }

  void update(Policy p) {
    jdbc.sql("""
        update guard_policies set owner_id = :owner, tenant_id = :tenant, code = :code, name = :name,
          description = :description, priority = :priority, enabled = :enabled, mode = :mode, scope = :scope,
          conditions = :conditions, exceptions = :exceptions, action = :action, refusal_text = :refusal,
          mask_strategy = :strategy, answer_text = :answerText, answer_group = :answerGroup,
          redirect_url = :redirect, updated_at = :now where id = :id""")
        .params(params(p)).param("now", Sql.ts(p.updatedAt())).param("id", p.id()).update();
  }

  void setPriority(long id, int priority, Instant now) {
    jdbc.sql("update guard_policies set priority = :p, updated_at = :now where id = :id").param("p", priority)
        .param("now", Sql.ts(now)).param("id", id).update();
  }

  void delete(long id) {
    jdbc.sql("delete from guard_policies where id = :id").param("id", id).update();
  }

  /** The largest priority in use, for appending a policy at the end. */
  int maxPriority() {
    return jdbc.sql("select coalesce(max(priority), 0) from guard_policies").query(Integer.class).single();
  }

  /** Id and materialised path ({@code /1/5/9/}) of every org, for scoping by org with its sub-orgs. */
  Map<Long, String> orgPaths() {
    Map<Long, String> out = new HashMap<>();
    jdbc.sql("select id, path from iam_orgs").query(rs -> {
      out.put(rs.getLong(1), rs.getString(2));
    });
    return out;
  }

  /** The tenant of an app, if the app exists. */
  Optional<Long> appTenant(long appId) {
    return jdbc.sql("""
        select o.tenant_id from iam_apps a join iam_projects p on p.id = a.project_id
          join iam_orgs o on o.id = p.org_id where a.id = :id""").param("id", appId).query(Long.class).optional();
  }

  /** The tenant of an org, if the org exists. */
  Optional<Long> orgTenant(long orgId) {
    return jdbc.sql("select tenant_id from iam_orgs where id = :id").param("id", orgId).query(Long.class).optional();
  }

  static long owner(Long tenantId) {
    return tenantId == null ? 0 : tenantId;
  }

  private Map<String, Object> params(Policy p) {
    Map<String, Object> m = new HashMap<>();
    m.put("owner", owner(p.tenantId()));
    m.put("tenant", p.tenantId());
    m.put("code", p.code());
    m.put("name", p.name());
    m.put("description", p.description());
    m.put("priority", p.priority());
    m.put("enabled", p.enabled());
    m.put("mode", p.mode());
    m.put("scope", json.writeValueAsString(p.scope()));
    m.put("conditions", json.writeValueAsString(p.conditions()));
    m.put("exceptions", json.writeValueAsString(p.exceptions()));
    m.put("action", p.action());
    m.put("refusal", p.refusalText());
    m.put("strategy", p.maskStrategy());
    m.put("answerText", p.answerText());
    m.put("answerGroup", p.answerGroup());
    m.put("redirect", p.redirectUrl());
    return m;
  }

  private Policy map(ResultSet rs, int row) throws SQLException {
    return new Policy(rs.getLong("id"), Sql.nullableLong(rs, "tenant_id"), rs.getString("code"),
        rs.getString("name"), rs.getString("description"), rs.getInt("priority"), rs.getBoolean("enabled"),
        rs.getString("mode"), json.readValue(rs.getString("scope"), PolicyScope.class),
        json.readValue(rs.getString("conditions"), PolicyConditions.class),
        json.readValue(rs.getString("exceptions"), PolicyScope.class), rs.getString("action"),
        rs.getString("refusal_text"), rs.getString("mask_strategy"), rs.getString("answer_text"),
        rs.getString("answer_group"), rs.getString("redirect_url"), Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }
}
