package io.jingzhi.gateway.limits;

import io.jingzhi.gateway.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
   * Ticks the capacity scheduler every 10 ms on a thread of its own while calls wait, so queued calls move without
   * a request; with nothing queued it sleeps until the scheduler queues a call (an idle 10 ms tick woke a core
   * 100 times a second for nothing). Not a bean of executor type: Spring Boot would take that as the scheduler of
   * every {@code @Scheduled} task.
   */
  static final class TpsDispatcher implements AutoCloseable {
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final TpsScheduler scheduler;
    private final Thread thread;
    private volatile boolean running = true;

    TpsDispatcher(TpsScheduler scheduler) {
      this.scheduler = scheduler;
      this.thread = Thread.ofPlatform().name("jingzhi-tps-dispatcher").daemon().unstarted(this::loop);
      // Set before the thread starts; a call queued between the idle check and park() leaves an unpark permit,
      // so park() returns at once and the wake-up is not lost.
      scheduler.onQueued(() -> LockSupport.unpark(thread));
      thread.start();
    }

    private void loop() {
      while (running) {
        if (scheduler.idle()) {
          LockSupport.park(this);
          continue;
        }
        try {
          scheduler.tick();
        } catch (RuntimeException e) {
          log.warn("Capacity scheduler tick failed", e);
        }
        LockSupport.parkNanos(this, TICK_NANOS);
      }
    }

    @Override
    public void close() {
      running = false;
      scheduler.onQueued(() -> {});
      LockSupport.unpark(thread);
    }
  }
}
