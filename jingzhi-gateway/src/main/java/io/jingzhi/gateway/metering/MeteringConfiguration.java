package io.jingzhi.gateway.metering;

import io.jingzhi.gateway.GatewayProperties;
import io.jingzhi.gateway.usage.ModelCallCompleted;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires metering: every {@link ModelCallCompleted} goes into the usage writer's queue, and from there to the database. */
@Configuration(proxyBeanMethods = false)
public class MeteringConfiguration {

  @Bean
  UsageWriter usageWriter(JdbcTemplate jdbc, PlatformTransactionManager transactions, GatewayProperties properties,
      MeterRegistry meters) {
    return new UsageWriter(new UsageStore(jdbc, new TransactionTemplate(transactions)), properties.metering(),
        meters);
  }

  @Bean
  UsageRecorder usageRecorder(UsageWriter writer) {
    return new UsageRecorder(writer);
  }

  /** Runs on the request thread: only queues the record. */
  static final class UsageRecorder {
    private final UsageWriter writer;

    UsageRecorder(UsageWriter writer) {
      this.writer = writer;
    }

    @EventListener
    void on(ModelCallCompleted event) {
      writer.offer(event);
    }
  }
}
