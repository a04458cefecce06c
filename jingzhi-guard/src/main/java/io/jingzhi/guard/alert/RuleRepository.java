package io.jingzhi.guard.alert;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Alert rules. */
@Repository
class RuleRepository {

  private final JdbcClient jdbc;

  RuleRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Every rule, or (tenant not null) those of one tenant; by id. */
  List<AlertRule> list(Long tenantId) {
    return tenantId == null
        ? jdbc.sql("select * from guard_alert_rules order by id").query(RuleRepository::row).list()
        : jdbc.sql("select * from guard_alert_rules where tenant_id = :t order by id").param("t", tenantId)
            .query(RuleRepository::row).list();
  }

  List<AlertRule> enabled() {
    return jdbc.sql("select * from guard_alert_rules where enabled = true order by id").query(RuleRepository::row)
        .list();
  }

  Optional<AlertRule> find(long id) {
    return jdbc.sql("select * from guard_alert_rules where id = :id").param("id", id).query(RuleRepository::row)
        .optional();
  }

  long insert(AlertRule r, Long createdBy) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into guard_alert_rules (tenant_id, name, enabled, match_action, match_risk_type, subject, threshold,
          window_minutes, response, block_minutes, created_by, created_at, updated_at)
        values (:tenant, :name, :enabled, :action, :risk, :subject, :threshold, :window, :response, :blockMinutes,
          :by, :now, :now)""")
        .param("tenant", r.tenantId()).param("name", r.name()).param("enabled", r.enabled())
        .param("action", r.matchAction()).param("risk", r.matchRiskType()).param("subject", r.subject())
        .param("threshold", r.threshold()).param("window", r.windowMinutes()).param("response", r.response())
        .param("blockMinutes", r.blockMinutes()).param("by", createdBy).param("now", Sql.ts(r.createdAt()))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  void update(AlertRule r) {
    jdbc.sql("""
        update guard_alert_rules set name = :name, enabled = :enabled, match_action = :action,
          match_risk_type = :risk, subject = :subject, threshold = :threshold, window_minutes = :window,
          response = :response, block_minutes = :blockMinutes, updated_at = :now where id = :id""")
        .param("name", r.name()).param("enabled", r.enabled()).param("action", r.matchAction())
        .param("risk", r.matchRiskType()).param("subject", r.subject()).param("threshold", r.threshold())
        .param("window", r.windowMinutes()).param("response", r.response()).param("blockMinutes", r.blockMinutes())
        .param("now", Sql.ts(r.updatedAt())).param("id", r.id()).update();
  }

  void delete(long id) {
    jdbc.sql("delete from guard_alert_rules where id = :id").param("id", id).update();
  }

  private static AlertRule row(ResultSet rs, int n) throws SQLException {
    return new AlertRule(rs.getLong("id"), Sql.nullableLong(rs, "tenant_id"), rs.getString("name"),
        rs.getBoolean("enabled"), rs.getString("match_action"), rs.getString("match_risk_type"),
        rs.getString("subject"), rs.getInt("threshold"), rs.getInt("window_minutes"), rs.getString("response"),
        Sql.nullableInt(rs, "block_minutes"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }
}
