package io.jingzhi.guard.event;

import io.jingzhi.common.db.Sql;
import java.util.HashMap;
import java.util.Map;

/** The SQL condition of an {@link EventFilter} over {@code guard_events e}, shared by searches and statistics. */
public final class EventSql {

  private EventSql() {}

  /** A where clause (starting with {@code where}) and its named parameters. */
  public record Where(String clause, Map<String, Object> params) {}

  /** The condition of a resolved filter (times set). */
  public static Where of(EventFilter f) {
    StringBuilder w = new StringBuilder(" where e.at >= :from and e.at < :to");
    Map<String, Object> p = new HashMap<>();
    p.put("from", Sql.ts(f.from()));
    p.put("to", Sql.ts(f.to()));
    add(w, p, "e.tenant_id = :tenant", "tenant", f.tenantId());
    add(w, p, "e.user_id = :user", "user", f.userId());
    add(w, p, "e.username = :username", "username", f.username());
    add(w, p, "e.app_id = :app", "app", f.appId());
    add(w, p, "e.model = :model", "model", f.model());
    add(w, p, "e.action = :action", "action", f.action());
    add(w, p, "e.direction = :direction", "direction", f.direction());
    add(w, p, "e.channel = :channel", "channel", f.channel());
    add(w, p, "exists (select 1 from guard_event_risks fr where fr.event_id = e.id and fr.risk_type = :risk)", "risk",
        f.riskType());
    return new Where(w.toString(), p);
  }

  private static void add(StringBuilder w, Map<String, Object> p, String condition, String name, Object value) {
    if (value != null) {
      w.append(" and ").append(condition);
      p.put(name, value);
    }
  }
}
