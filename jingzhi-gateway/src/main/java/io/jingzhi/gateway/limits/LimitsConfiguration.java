package io.jingzhi.gateway.limits;

import io.jingzhi.gateway.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires admission: the counter store chosen by {@code JINGZHI_REDIS_URL}, the capacity scheduler and its ticker. */
@Configuration(proxyBeanMethods = false)
public class LimitsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(LimitsConfiguration.class);

  @Bean(destroyMethod = "close")
  CounterStore counterStore(GatewayProperties properties, Clock clock) {
    String url = properties.redisUrl();
    if (url == null || url.isBlank()) {
      log.info("Limit counters are kept in this process; set JINGZHI_REDIS_URL to share them between replicas");
      return new InMemoryCounterStore(clock);
    }
    LimitsSettings s = properties.limits();
    RedisCounterStore store = new RedisCounterStore(url, s.redisPrefix(), s.redisTimeout(), clock);
    log.info("Limit counters are kept in Redis under {} (fail {} when it is unreachable)", store.prefix(),
        properties.redisFailure());
    return store;
  }

  @Bean
  TpsScheduler tpsScheduler(GatewayProperties properties, LimitCatalog catalog, Clock clock) {
    return new TpsScheduler(clock, model -> properties.limits().capacityTps().getOrDefault(model, 0),
        catalog::guaranteedTps);
  }

  @Bean
  AdmissionControl admissionControl(CounterStore store, LimitCatalog catalog, TpsScheduler scheduler,
      GatewayProperties properties, Clock clock, MeterRegistry meters) {
    return new AdmissionControl(store, catalog, scheduler, properties, clock, meters);
  }

  @Bean(destroyMethod = "close")
  TpsDispatcher tpsDispatcher(TpsScheduler scheduler) {
    return new TpsDispatcher(scheduler);
  }

  /**
   * Ticks the capacity scheduler every 10 ms on a thread of its own, so queued calls move without a request.
   * Not a bean of executor type: Spring Boot would take that as the scheduler of every {@code @Scheduled} task.
   */
  static final class TpsDispatcher implements AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "jingzhi-tps-dispatcher");
      t.setDaemon(true);
      return t;
    });

    TpsDispatcher(TpsScheduler scheduler) {
      executor.scheduleWithFixedDelay(() -> {
        try {
          if (!scheduler.idle()) {
            scheduler.tick();
          }
        } catch (RuntimeException e) {
          log.warn("Capacity scheduler tick failed", e);
        }
      }, 10, 10, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }
}
