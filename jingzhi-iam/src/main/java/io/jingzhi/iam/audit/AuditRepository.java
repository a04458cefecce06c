package io.jingzhi.iam.audit;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Stores audit events and the head of their chain. */
@Repository
public class AuditRepository {

  private static final String COLUMNS = "id, occurred_at, actor_id, actor_name, tenant_id, source_ip, action,"
      + " target_type, target_id, target_name, before_state, after_state, result, detail, request_id, prev_hash, hash";

  private final JdbcClient jdbc;

  public AuditRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Locks the chain head for the current transaction and returns the last link's hash. */
  public String lockHead() {
    return jdbc.sql("select last_hash from iam_audit_chain where id = 1 for update").query(String.class).single();
  }

  public record Head(long lastId, String lastHash) {}

  public Head head() {
    return jdbc.sql("select last_id, last_hash from iam_audit_chain where id = 1")
        .query((rs, i) -> new Head(rs.getLong(1), rs.getString(2))).single();
  }

  public long insert(AuditEvent e) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into iam_audit_events (occurred_at, actor_id, actor_name, tenant_id, source_ip, action, target_type,
          target_id, target_name, before_state, after_state, result, detail, request_id, prev_hash, hash)
        values (:at, :actorId, :actorName, :tenantId, :ip, :action, :targetType, :targetId, :targetName, :before,
          :after, :result, :detail, :requestId, :prev, :hash)""")
        .param("at", Sql.ts(e.occurredAt())).param("actorId", e.actorId()).param("actorName", e.actorName())
        .param("tenantId", e.tenantId()).param("ip", e.sourceIp()).param("action", e.action())
        .param("targetType", e.targetType()).param("targetId", e.targetId()).param("targetName", e.targetName())
        .param("before", e.before()).param("after", e.after()).param("result", e.result())
        .param("detail", e.detail()).param("requestId", e.requestId()).param("prev", e.prevHash())
        .param("hash", "pending")
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  public void seal(long id, String hash) {
    jdbc.sql("update iam_audit_events set hash = :hash where id = :id").param("hash", hash).param("id", id).update();
    jdbc.sql("update iam_audit_chain set last_id = :id, last_hash = :hash where id = 1").param("id", id)
        .param("hash", hash).update();
  }

  /** Filters of the audit search; every field is optional. */
  public record Filter(String actor, String action, String target, String result, Instant from, Instant to) {}

  public PageResult<AuditEvent> search(Filter f, PageQuery page) {
    Map<String, Object> params = new HashMap<>();
    String where = where(f, params);
    long total = jdbc.sql("select count(*) from iam_audit_events" + where).params(params).query(Long.class).single();
    List<AuditEvent> items = jdbc.sql("select " + COLUMNS + " from iam_audit_events" + where
            + " order by id desc limit :limit offset :offset")
        .params(params).param("limit", page.size()).param("offset", page.offset()).query(this::map).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  public void forEach(Filter f, Consumer<AuditEvent> sink) {
    Map<String, Object> params = new HashMap<>();
    try (Stream<AuditEvent> events = jdbc.sql("select " + COLUMNS + " from iam_audit_events" + where(f, params)
        + " order by id").params(params).query(this::map).stream()) {
      events.forEach(sink);
    }
  }

  /** Events with id greater than {@code afterId}, in chain order, at most {@code limit}. */
  public List<AuditEvent> batchAfter(long afterId, int limit) {
    return jdbc.sql("select " + COLUMNS + " from iam_audit_events where id > :after order by id limit :limit")
        .param("after", afterId).param("limit", limit).query(this::map).list();
  }

  private static String where(Filter f, Map<String, Object> params) {
    List<String> clauses = new ArrayList<>();
    if (f.actor() != null && !f.actor().isBlank()) {
      clauses.add("lower(actor_name) like lower(:actor) escape '\\'");
      params.put("actor", Sql.likeContains(f.actor().strip()));
    }
    if (f.action() != null && !f.action().isBlank()) {
      clauses.add("action like :action escape '\\'");
      params.put("action", Sql.likeContains(f.action().strip()));
    }
    if (f.target() != null && !f.target().isBlank()) {
      clauses.add("(target_type = :targetExact or target_id = :targetExact"
          + " or lower(target_name) like lower(:target) escape '\\')");
      params.put("targetExact", f.target().strip());
      params.put("target", Sql.likeContains(f.target().strip()));
    }
    if (f.result() != null && !f.result().isBlank()) {
      clauses.add("result = :result");
      params.put("result", f.result().strip());
    }
    if (f.from() != null) {
      clauses.add("occurred_at >= :from");
      params.put("from", Sql.ts(f.from()));
    }
    if (f.to() != null) {
      clauses.add("occurred_at < :to");
      params.put("to", Sql.ts(f.to()));
    }
    return clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses);
  }

  private AuditEvent map(ResultSet rs, int row) throws SQLException {
    return new AuditEvent(rs.getLong("id"), Sql.instant(rs, "occurred_at"), Sql.nullableLong(rs, "actor_id"),
        rs.getString("actor_name"), Sql.nullableLong(rs, "tenant_id"), rs.getString("source_ip"),
        rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"), rs.getString("target_name"),
        rs.getString("before_state"), rs.getString("after_state"), rs.getString("result"), rs.getString("detail"),
        rs.getString("request_id"), rs.getString("prev_hash"), rs.getString("hash"));
  }
}
