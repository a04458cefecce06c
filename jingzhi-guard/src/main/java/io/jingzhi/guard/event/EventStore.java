package io.jingzhi.guard.event;

import io.jingzhi.guard.api.GuardDecided;
import io.jingzhi.guard.api.GuardSubject;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes batches of guard events (and their risk-type rows) with JDBC batches in one transaction, so a failed batch
 * leaves nothing behind and is retried whole. A batch the database refuses as such (a duplicate id) goes row by row
 * and only the refused rows are dropped.
 */
public final class EventStore implements EventWriter.Sink {

  private static final Logger log = LoggerFactory.getLogger(EventStore.class);

  private static final String INSERT = """
      insert into guard_events (id, at, hour_utc, tenant_id, org_id, user_id, username, app_id, api_key_id, model,
        source_ip, channel, direction, action, enforced, risk_level, categories, policy, excerpt, full_text,
        findings, latency_us)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
  private static final String INSERT_RISK = """
      insert into guard_event_risks (event_id, risk_type, at, tenant_id) values (?, ?, ?, ?)""";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final JsonMapper json;

  public EventStore(JdbcTemplate jdbc, TransactionTemplate tx, JsonMapper json) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.json = json;
  }

  @Override
  public void write(List<GuardDecided> batch) {
    try {
      tx.executeWithoutResult(s -> insert(batch));
    } catch (DataIntegrityViolationException refused) {
      for (GuardDecided event : batch) {
        try {
          tx.executeWithoutResult(s -> insert(List.of(event)));
        } catch (DataIntegrityViolationException e) {
          log.error("Dropping a guard event the database refuses ({}): {}", event.eventId(),
              e.getMostSpecificCause().getMessage());
        }
      }
    }
  }

  private void insert(List<GuardDecided> events) {
    jdbc.batchUpdate(INSERT, events, events.size(), this::bind);
    List<Risk> risks = new ArrayList<>();
    for (GuardDecided e : events) {
      for (String category : e.verdict().categories().stream().map(c -> cut(c, 64)).distinct().toList()) {
        risks.add(new Risk(e, category));
      }
    }
    if (!risks.isEmpty()) {
      jdbc.batchUpdate(INSERT_RISK, risks, risks.size(), (ps, r) -> {
        ps.setString(1, r.event().eventId());
        ps.setString(2, r.riskType());
        ps.setObject(3, r.event().at().atOffset(ZoneOffset.UTC));
        setLong(ps, 4, r.event().subject().tenantId());
      });
    }
  }

  private record Risk(GuardDecided event, String riskType) {}

  private void bind(PreparedStatement ps, GuardDecided e) throws SQLException {
    GuardSubject s = e.subject();
    var at = e.at().atOffset(ZoneOffset.UTC);
    ps.setString(1, e.eventId());
    ps.setObject(2, at);
    ps.setObject(3, at.truncatedTo(ChronoUnit.HOURS));
    setLong(ps, 4, s.tenantId());
    setLong(ps, 5, s.orgId());
    setLong(ps, 6, s.userId());
    ps.setString(7, cut(s.username(), 128));
    setLong(ps, 8, s.appId());
    setLong(ps, 9, s.apiKeyId());
    ps.setString(10, cut(s.model(), 128));
    ps.setString(11, cut(s.sourceIp(), 64));
    ps.setString(12, cut(s.channel() == null ? "api" : s.channel(), 16));
    ps.setString(13, e.direction().name().toLowerCase(Locale.ROOT));
    ps.setString(14, e.verdict().action().name().toLowerCase(Locale.ROOT));
    ps.setBoolean(15, e.verdict().enforced());
    ps.setString(16, cut(e.verdict().riskLevel(), 8));
    ps.setString(17, cut(String.join(",", e.verdict().categories()), 1000));
    ps.setString(18, cut(e.verdict().policy(), 128));
    ps.setString(19, cut(e.excerpt(), 4200));
    ps.setString(20, e.fullText());
    ps.setString(21, json.writeValueAsString(e.verdict().matched()));
    ps.setLong(22, e.latencyMicros());
  }

  private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
