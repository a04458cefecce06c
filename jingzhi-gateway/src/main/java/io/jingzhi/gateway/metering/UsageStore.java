package io.jingzhi.gateway.metering;

import io.jingzhi.gateway.usage.ModelCallCompleted;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes batches of usage records into {@code gw_usage} with one JDBC batch in one transaction, so a failed
 * batch leaves nothing behind and can be retried whole. A row the database refuses as such (a constraint, a
 * value out of range) would fail every retry: then the rows go one by one and only the refused ones are dropped.
 */
public final class UsageStore implements UsageWriter.Sink {

  private static final Logger log = LoggerFactory.getLogger(UsageStore.class);

  private static final String INSERT = """
      insert into gw_usage (at, hour_utc, day_utc, api, tenant_id, project_id, app_id, api_key_id, user_id, model,
        endpoint_id, prompt_tokens, completion_tokens, estimated, stream, status, http_status, ttft_ms, duration_ms,
        gateway_overhead_us, queue_wait_ms, request_id, guard_input, guard_output)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;

  public UsageStore(JdbcTemplate jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public void write(List<ModelCallCompleted> batch) {
    try {
      tx.executeWithoutResult(s -> jdbc.batchUpdate(INSERT, batch, batch.size(), UsageStore::bind));
    } catch (DataIntegrityViolationException refused) {
      for (ModelCallCompleted record : batch) {
        try {
          jdbc.update(INSERT, ps -> bind(ps, record));
        } catch (DataIntegrityViolationException e) {
          log.error("Dropping a usage record the database refuses (request {}): {}", record.requestId(),
              e.getMostSpecificCause().getMessage());
        }
      }
    }
  }

  private static void bind(PreparedStatement ps, ModelCallCompleted r) throws SQLException {
    var at = r.at().atOffset(ZoneOffset.UTC);
    ps.setObject(1, at);
    ps.setObject(2, at.truncatedTo(ChronoUnit.HOURS));
    ps.setObject(3, at.toLocalDate());
    ps.setString(4, cut(r.api(), 32));
    ps.setLong(5, r.tenantId());
    setLong(ps, 6, r.projectId());
    setLong(ps, 7, r.appId());
    setLong(ps, 8, r.apiKeyId());
    ps.setLong(9, r.userId());
    // The requested name when the model was not found: it comes from the client, so it is cut to fit.
    ps.setString(10, cut(r.model() == null ? "" : r.model(), 128));
    setLong(ps, 11, r.endpointId());
    ps.setInt(12, Math.max(0, r.promptTokens()));
    ps.setInt(13, Math.max(0, r.completionTokens()));
    ps.setBoolean(14, r.estimated());
    ps.setBoolean(15, r.stream());
    ps.setString(16, cut(r.status(), 16));
    ps.setInt(17, r.httpStatus());
    ps.setLong(18, r.ttftMs());
    ps.setLong(19, r.durationMs());
    ps.setLong(20, r.gatewayOverheadMicros());
    ps.setLong(21, r.queueWaitMs());
    ps.setString(22, cut(r.requestId(), 64));
    ps.setString(23, cut(r.guardInput(), 8));
    ps.setString(24, cut(r.guardOutput(), 8));
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
