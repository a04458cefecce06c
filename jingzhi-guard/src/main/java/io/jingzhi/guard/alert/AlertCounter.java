package io.jingzhi.guard.alert;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardDecided;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts guard decisions against the alert rules in memory, one sliding window of timestamps per (rule, tenant,
 * subject), on the checking thread and without touching the database. When a window reaches its threshold the rule
 * fires: a block is enforced at once, and the alert and block rows are written by one background thread. Decisions
 * of the evaluation runner and refusals of already blocked subjects are not counted.
 */
@Component
class AlertCounter implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(AlertCounter.class);

  private record WindowKey(long ruleId, Long tenantId, String value) {}

  private final RuleRepository rules;
  private final AlertRepository alerts;
  private final SubjectBlocks blocks;
  private final AuditLog audit;
  private final TransactionTemplate tx;
  private final GuardProperties properties;
  private final Clock clock;
  private final Map<WindowKey, ArrayDeque<Instant>> windows = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
      new ArrayBlockingQueue<>(10_000), Thread.ofPlatform().name("jingzhi-guard-alerts").daemon(true).factory(),
      (task, pool) -> log.error("Guard alerts are being dropped: the alert writer is behind by 10,000"));
  private volatile List<AlertRule> enabled = List.of();

  AlertCounter(RuleRepository rules, AlertRepository alerts, SubjectBlocks blocks, AuditLog audit,
      PlatformTransactionManager transactions, GuardProperties properties, Clock clock) {
    this.rules = rules;
    this.alerts = alerts;
    this.blocks = blocks;
    this.audit = audit;
    this.tx = new TransactionTemplate(transactions);
    this.properties = properties;
    this.clock = clock;
  }

  @EventListener
  void on(GuardDecided event) {
    List<AlertRule> current = enabled;
    if (current.isEmpty() || "eval".equals(event.subject().channel())
        || event.verdict().categories().contains(SubjectBlocks.CATEGORY)) {
      return;
    }
    for (AlertRule rule : current) {
      if (!rule.matches(event)) {
        continue;
      }
      String value = Subjects.value(rule.subject(), event.subject());
      if (value == null) {
        continue;
      }
      int reached = count(new WindowKey(rule.id(), event.subject().tenantId(), value), rule, event.at());
      if (reached > 0) {
        fire(rule, event, value, reached);
      }
    }
  }

  /** Adds one occurrence; returns the count when it reached the threshold (the window then starts over), else 0. */
  private int count(WindowKey key, AlertRule rule, Instant at) {
    ArrayDeque<Instant> window = windows.get(key);
    if (window == null) {
      if (windows.size() >= properties.audit().windowKeys()) {
        return 0; // bounded memory: a flood of distinct subjects is not counted beyond the cap
      }
      window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
    }
    synchronized (window) {
      Instant since = at.minus(Duration.ofMinutes(rule.windowMinutes()));
      while (!window.isEmpty() && !window.peekFirst().isAfter(since)) {
        window.pollFirst();
      }
      window.addLast(at);
      if (window.size() < rule.threshold()) {
        return 0;
      }
      int reached = window.size();
      window.clear();
      return reached;
    }
  }

  private void fire(AlertRule rule, GuardDecided event, String value, int count) {
    GuardSubject subject = event.subject();
    String label = Subjects.label(rule.subject(), subject);
    Instant now = clock.instant();
    Block provisional = null;
    if (AlertRule.BLOCK.equals(rule.response()) && !blocks.isActive(subject.tenantId(), rule.subject(), value)) {
      provisional = new Block(null, subject.tenantId(), rule.subject(), value, label,
          "alert rule \"" + rule.name() + "\": " + count + " matching decisions within " + rule.windowMinutes()
              + " min", rule.id(), null, now, now.plus(Duration.ofMinutes(rule.blockMinutes())), null, null);
      blocks.add(provisional);
    }
    Block block = provisional;
    writer.execute(() -> store(rule, subject.tenantId(), value, label, count, block, event.eventId(), now));
  }

  private void store(AlertRule rule, Long tenantId, String value, String label, int count, Block block,
      String lastEventId, Instant firedAt) {
    try {
      Block stored = tx.execute(s -> {
        Long blockId = block == null ? null : alerts.insertBlock(block);
        long alertId = alerts.insertAlert(rule, tenantId, rule.subject(), value, label, count, blockId, lastEventId,
            firedAt);
        if (blockId == null) {
          return null;
        }
        alerts.linkBlock(blockId, alertId);
        audit.record(new AuditRecord(null, "guard-alert", tenantId, null, "guard.block.create", "guard_block",
            blockId.toString(), label, null, block.reason() + "; until " + block.expiresAt(), true, null));
        return block.withIds(blockId, alertId);
      });
      if (stored != null) {
        blocks.stored(block, stored);
      }
    } catch (RuntimeException e) {
      log.error("Could not store the alert of rule {} for {} {} (a block stays in force in memory)", rule.id(),
          rule.subject(), label, e);
    }
  }

  @Override
  public void run(ApplicationArguments args) {
    reload();
  }

  /** Re-reads the enabled rules; called after every change and every 30 seconds (changes made by other replicas). */
  void reload() {
    enabled = List.copyOf(rules.enabled());
  }

  @Scheduled(initialDelay = 30_000, fixedDelay = 30_000)
  void refresh() {
    try {
      reload();
      prune();
    } catch (RuntimeException e) {
      log.warn("Could not re-read the guard alert rules: {}", e.toString());
    }
  }

  /** Drops windows of deleted rules and windows whose newest occurrence has left the window. */
  void prune() {
    Map<Long, AlertRule> byId = enabled.stream().collect(Collectors.toMap(AlertRule::id, r -> r));
    Instant now = clock.instant();
    windows.entrySet().removeIf(e -> {
      AlertRule rule = byId.get(e.getKey().ruleId());
      if (rule == null) {
        return true;
      }
      synchronized (e.getValue()) {
        Instant last = e.getValue().peekLast();
        return last == null || last.isBefore(now.minus(Duration.ofMinutes(rule.windowMinutes())));
      }
    });
  }

  @PreDestroy
  void shutdown() throws InterruptedException {
    writer.shutdown();
    writer.awaitTermination(10, TimeUnit.SECONDS);
  }
}
