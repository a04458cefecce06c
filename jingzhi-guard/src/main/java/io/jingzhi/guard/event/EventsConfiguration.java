package io.jingzhi.guard.event;

import io.jingzhi.guard.GuardProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wires the guard-event writer over the database store. */
@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

  @Bean
  EventWriter guardEventWriter(JdbcTemplate jdbc, PlatformTransactionManager transactions, JsonMapper json,
      GuardProperties properties, MeterRegistry meters) {
    return new EventWriter(new EventStore(jdbc, new TransactionTemplate(transactions), json), properties.audit(),
        meters);
  }
}
