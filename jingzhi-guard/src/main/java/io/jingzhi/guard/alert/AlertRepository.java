package io.jingzhi.guard.alert;

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

/** Fired alerts and subject blocks. */
@Repository
class AlertRepository {

  private final JdbcClient jdbc;

  AlertRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insertBlock(Block b) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into guard_blocks (tenant_id, subject, subject_value, subject_label, reason, rule_id, alert_id,
          created_at, expires_at)
        values (:tenant, :subject, :value, :label, :reason, :rule, :alert, :created, :expires)""")
        .param("tenant", b.tenantId()).param("subject", b.subject()).param("value", b.subjectValue())
        .param("label", cut(b.subjectLabel(), 128)).param("reason", cut(b.reason(), 500)).param("rule", b.ruleId())
        .param("alert", b.alertId()).param("created", Sql.ts(b.createdAt())).param("expires", Sql.ts(b.expiresAt()))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  void linkBlock(long blockId, long alertId) {
    jdbc.sql("update guard_blocks set alert_id = :alert where id = :id").param("alert", alertId).param("id", blockId)
        .update();
  }

  long insertAlert(AlertRule rule, Long tenantId, String subject, String value, String label, int count,
      Long blockId, String lastEventId, Instant firedAt) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into guard_alerts (rule_id, rule_name, tenant_id, subject, subject_value, subject_label, event_count,
          window_minutes, response, block_id, last_event_id, fired_at)
        values (:rule, :ruleName, :tenant, :subject, :value, :label, :count, :window, :response, :block, :event,
          :at)""")
        .param("rule", rule.id()).param("ruleName", rule.name()).param("tenant", tenantId).param("subject", subject)
        .param("value", value).param("label", cut(label, 128)).param("count", count)
        .param("window", rule.windowMinutes()).param("response", rule.response()).param("block", blockId)
        .param("event", lastEventId).param("at", Sql.ts(firedAt)).update(keys, "id");
    return keys.getKey().longValue();
  }

  Optional<Block> findBlock(long id) {
    return jdbc.sql("select * from guard_blocks where id = :id").param("id", id).query(AlertRepository::block)
        .optional();
  }

  /** Blocks not lifted and not expired at {@code now}. */
  List<Block> activeBlocks(Instant now) {
    return jdbc.sql("select * from guard_blocks where lifted_at is null and expires_at > :now order by id")
        .param("now", Sql.ts(now)).query(AlertRepository::block).list();
  }

  /** Newest first; {@code tenantId} null lists every tenant; {@code active} filters on being in force now. */
  PageResult<Block> blocks(Long tenantId, Boolean active, Instant now, PageQuery page) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (tenantId != null) {
      where.append(" and tenant_id = :tenant");
      params.put("tenant", tenantId);
    }
    if (active != null) {
      where.append(active ? " and lifted_at is null and expires_at > :now"
          : " and (lifted_at is not null or expires_at <= :now)");
      params.put("now", Sql.ts(now));
    }
    long total = jdbc.sql("select count(*) from guard_blocks" + where).params(params).query(Long.class).single();
    List<Block> items = jdbc.sql("select * from guard_blocks" + where + " order by id desc limit :limit offset :offset")
        .params(params).param("limit", page.size()).param("offset", page.offset()).query(AlertRepository::block)
        .list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  /** Lifts an active block; false when it is no longer active. */
  boolean lift(long id, String by, Instant now) {
    return jdbc.sql("update guard_blocks set lifted_at = :now, lifted_by = :by where id = :id"
            + " and lifted_at is null and expires_at > :now")
        .param("now", Sql.ts(now)).param("by", by).param("id", id).update() == 1;
  }

  Optional<Alert> findAlert(long id) {
    return jdbc.sql("select * from guard_alerts where id = :id").param("id", id).query(AlertRepository::alert)
        .optional();
  }

  PageResult<Alert> alerts(Long tenantId, Boolean acknowledged, PageQuery page) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (tenantId != null) {
      where.append(" and tenant_id = :tenant");
      params.put("tenant", tenantId);
    }
    if (acknowledged != null) {
      where.append(acknowledged ? " and acknowledged_at is not null" : " and acknowledged_at is null");
    }
    long total = jdbc.sql("select count(*) from guard_alerts" + where).params(params).query(Long.class).single();
    List<Alert> items = jdbc.sql("select * from guard_alerts" + where + " order by id desc limit :limit offset :offset")
        .params(params).param("limit", page.size()).param("offset", page.offset()).query(AlertRepository::alert)
        .list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  boolean acknowledge(long id, String by, Instant now) {
    return jdbc.sql("update guard_alerts set acknowledged_at = :now, acknowledged_by = :by where id = :id"
            + " and acknowledged_at is null")
        .param("now", Sql.ts(now)).param("by", by).param("id", id).update() == 1;
  }

  private static Block block(ResultSet rs, int n) throws SQLException {
    return new Block(rs.getLong("id"), Sql.nullableLong(rs, "tenant_id"), rs.getString("subject"),
        rs.getString("subject_value"), rs.getString("subject_label"), rs.getString("reason"),
        Sql.nullableLong(rs, "rule_id"), Sql.nullableLong(rs, "alert_id"), Sql.instant(rs, "created_at"),
        Sql.instant(rs, "expires_at"), Sql.instant(rs, "lifted_at"), rs.getString("lifted_by"));
  }

  private static Alert alert(ResultSet rs, int n) throws SQLException {
    return new Alert(rs.getLong("id"), rs.getLong("rule_id"), rs.getString("rule_name"),
        Sql.nullableLong(rs, "tenant_id"), rs.getString("subject"), rs.getString("subject_value"),
        rs.getString("subject_label"), rs.getInt("event_count"), rs.getInt("window_minutes"),
        rs.getString("response"), Sql.nullableLong(rs, "block_id"), rs.getString("last_event_id"),
        Sql.instant(rs, "fired_at"), Sql.instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"));
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
