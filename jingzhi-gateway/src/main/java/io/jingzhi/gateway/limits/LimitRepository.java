package io.jingzhi.gateway.limits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored limits of tenants, projects and apps ({@code gw_limits}); read by the catalog, never per request. */
@Repository
public class LimitRepository {

  private final JdbcClient jdbc;

  public LimitRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<Limits> all() {
    return jdbc.sql("select * from gw_limits order by scope, scope_id").query(LimitRepository::map).list();
  }

  public Optional<Limits> find(LimitScope scope, long scopeId) {
    return jdbc.sql("select * from gw_limits where scope = :s and scope_id = :id")
        .param("s", scope.wire()).param("id", scopeId).query(LimitRepository::map).optional();
  }

  public void save(Limits l) {
    int updated = jdbc.sql("""
        update gw_limits set rpm = :rpm, tpm = :tpm, concurrency = :con, daily_tokens = :day,
          monthly_tokens = :month, guaranteed_tps = :tps, updated_at = :at where scope = :s and scope_id = :id""")
        .params(params(l)).update();
    if (updated == 0) {
      jdbc.sql("""
          insert into gw_limits (scope, scope_id, rpm, tpm, concurrency, daily_tokens, monthly_tokens,
            guaranteed_tps, updated_at) values (:s, :id, :rpm, :tpm, :con, :day, :month, :tps, :at)""")
          .params(params(l)).update();
    }
  }

  public boolean delete(LimitScope scope, long scopeId) {
    return jdbc.sql("delete from gw_limits where scope = :s and scope_id = :id")
        .param("s", scope.wire()).param("id", scopeId).update() > 0;
  }

  /** Sum of the guarantees of every tenant but one. */
  public long guaranteedTpsExcept(long tenantId) {
    return jdbc.sql("select coalesce(sum(guaranteed_tps), 0) from gw_limits where scope = 'tenant' and scope_id <> :id")
        .param("id", tenantId).query(Long.class).single();
  }

  /** The org owning a project, if the project exists. */
  public Optional<Long> projectOrg(long projectId) {
    return jdbc.sql("select org_id from iam_projects where id = :id").param("id", projectId).query(Long.class)
        .optional();
  }

  /** The org owning an app's project, if the app exists. */
  public Optional<Long> appOrg(long appId) {
    return jdbc.sql("select p.org_id from iam_apps a join iam_projects p on p.id = a.project_id where a.id = :id")
        .param("id", appId).query(Long.class).optional();
  }

  private static java.util.Map<String, Object> params(Limits l) {
    var m = new java.util.HashMap<String, Object>();
    m.put("s", l.scope().wire());
    m.put("id", l.scopeId());
    m.put("rpm", l.rpm());
    m.put("tpm", l.tpm());
    m.put("con", l.concurrency());
    m.put("day", l.dailyTokens());
    m.put("month", l.monthlyTokens());
    m.put("tps", l.guaranteedTps());
    m.put("at", OffsetDateTime.ofInstant(l.updatedAt(), ZoneOffset.UTC));
    return m;
  }

  private static Limits map(ResultSet rs, int row) throws SQLException {
    return new Limits(LimitScope.settable(rs.getString("scope")).orElseThrow(), rs.getLong("scope_id"),
        rs.getObject("rpm", Integer.class), rs.getObject("tpm", Integer.class),
        rs.getObject("concurrency", Integer.class), rs.getObject("daily_tokens", Long.class),
        rs.getObject("monthly_tokens", Long.class), rs.getObject("guaranteed_tps", Integer.class),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }
}
