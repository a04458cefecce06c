package io.jingzhi.agent.run;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.common.db.Sql;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drops node traces of runs that ended more than {@code jingzhi.agent.runs.keep-days} ago. The run rows stay (small,
 * and what stats and audit read); the traces are the bulk. Runs hourly, in small batches so a large backlog never
 * holds a long lock.
 */
@Component
public class RunRetention {

  private static final Logger log = LoggerFactory.getLogger(RunRetention.class);
  private static final int BATCH = 500;

  private final JdbcClient jdbc;
  private final AgentProperties properties;
  private final Clock clock;

  RunRetention(JdbcClient jdbc, AgentProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
  }

  /** Drops what is due now; answers how many runs lost their trace. */
  @Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
  public int purgeExpired() {
    int removed = purge(clock.instant().minus(Duration.ofDays(Math.max(1, properties.runs().keepDays()))));
    if (removed > 0) {
      log.info("Dropped the node traces of {} run(s) older than {} days", removed, properties.runs().keepDays());
    }
    return removed;
  }

  /** Drops the traces of runs ended before {@code cutoff}; answers how many runs lost their trace. */
  int purge(java.time.Instant cutoff) {
    int runs = 0;
    while (true) {
      var ids = jdbc.sql("""
          select id from agent_runs r where finished_at < :c
            and exists (select 1 from agent_run_nodes n where n.run_id = r.id) order by id limit :l""")
          .param("c", Sql.ts(cutoff)).param("l", BATCH).query(Long.class).list();
      if (ids.isEmpty()) {
        return runs;
      }
      jdbc.sql("delete from agent_run_nodes where run_id in (:ids)").param("ids", ids).update();
      runs += ids.size();
    }
  }
}
