package io.jingzhi.guard.alert;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardAction;
import io.jingzhi.guard.api.GuardFinding;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The temporary blocks in force, in memory so that enforcing them costs a map lookup per check and never a database
 * read. The database is the record: blocks are loaded at start (they survive restarts), re-read every 30 seconds
 * (blocks made or lifted by other replicas arrive within that time) and expire by their own time.
 */
@Component
public class SubjectBlocks implements ApplicationRunner {

  /** Category of a verdict refused because its subject is blocked. */
  public static final String CATEGORY = "blocked-subject";

  private static final Logger log = LoggerFactory.getLogger(SubjectBlocks.class);

  private record Key(Long tenantId, String subject, String value) {}

  private final AlertRepository repository;
  private final GuardProperties properties;
  private final Clock clock;
  private final Map<Key, Block> active = new ConcurrentHashMap<>();

  SubjectBlocks(AlertRepository repository, GuardProperties properties, Clock clock) {
    this.repository = repository;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The verdict to answer: unchanged when the subject is not blocked (and for evaluation runs), otherwise a BLOCK
   * with category {@value #CATEGORY} and the blocked-subject refusal text, keeping what the inspection found.
   */
  public GuardVerdict enforce(GuardSubject subject, GuardVerdict verdict) {
    if (active.isEmpty() || verdict == null || "eval".equals(subject.channel())) {
      return verdict;
    }
    Block block = find(subject).orElse(null);
    if (block == null) {
      return verdict;
    }
    List<String> categories = new ArrayList<>(verdict.categories());
    categories.add(CATEGORY);
    List<GuardFinding> matched = new ArrayList<>(verdict.matched());
    matched.add(new GuardFinding("policy", CATEGORY, "high", "original", 0, 0,
        (block.id() == null ? "block" : "block " + block.id()) + " of " + block.subject() + " "
            + block.subjectLabel() + " until " + block.expiresAt()));
    return new GuardVerdict(GuardAction.BLOCK, "high", categories, verdict.text(), properties.audit().blockedText(),
        matched, verdict.policy(), true, verdict.eventId());
  }

  /** The block in force for the subject (by user, API key or source IP), if any. */
  public Optional<Block> find(GuardSubject subject) {
    Instant now = clock.instant();
    for (String kind : Subjects.ALL) {
      String value = Subjects.value(kind, subject);
      if (value == null) {
        continue;
      }
      Key key = new Key(subject.tenantId(), kind, value);
      Block b = active.get(key);
      if (b != null) {
        if (b.activeAt(now)) {
          return Optional.of(b);
        }
        active.remove(key, b);
      }
    }
    return Optional.empty();
  }

  /** The block in force for a user of a tenant, if any. */
  public Optional<Block> forUser(Long tenantId, long userId) {
    Block b = active.get(new Key(tenantId, Subjects.USER, Long.toString(userId)));
    return b != null && b.activeAt(clock.instant()) ? Optional.of(b) : Optional.empty();
  }

  /** Enforces a block at once; it is stored afterwards ({@link #stored}). Keeps the later-expiring block. */
  void add(Block block) {
    active.merge(new Key(block.tenantId(), block.subject(), block.subjectValue()), block,
        (old, b) -> old.activeAt(clock.instant()) && old.expiresAt().isAfter(b.expiresAt()) ? old : b);
  }

  /** The block's row was stored under {@code stored.id()}. */
  void stored(Block provisional, Block stored) {
    active.replace(new Key(stored.tenantId(), stored.subject(), stored.subjectValue()), provisional, stored);
  }

  void lifted(long id) {
    active.values().removeIf(b -> b.id() != null && b.id() == id);
  }

  boolean isActive(Long tenantId, String subject, String value) {
    Block b = active.get(new Key(tenantId, subject, value));
    return b != null && b.activeAt(clock.instant());
  }

  @Override
  public void run(ApplicationArguments args) {
    reload();
  }

  /** Brings memory in line with the stored blocks; blocks made here after the read started are kept. */
  @Scheduled(initialDelay = 30_000, fixedDelay = 30_000)
  void refresh() {
    try {
      reload();
    } catch (RuntimeException e) {
      log.warn("Could not re-read guard blocks (the ones in memory stay in force): {}", e.toString());
    }
  }

  void reload() {
    Instant readAt = clock.instant();
    Map<Key, Block> fresh = new HashMap<>();
    for (Block b : repository.activeBlocks(readAt)) {
      fresh.merge(new Key(b.tenantId(), b.subject(), b.subjectValue()), b, SubjectBlocks::later);
    }
    // Blocks made here that the read may have missed (not stored yet, or stored after the read began).
    active.forEach((key, mine) -> {
      if (mine.activeAt(readAt) && (mine.id() == null || !mine.createdAt().isBefore(readAt))) {
        fresh.merge(key, mine, SubjectBlocks::later);
      }
    });
    active.keySet().retainAll(fresh.keySet());
    active.putAll(fresh);
  }

  private static Block later(Block a, Block b) {
    return a.expiresAt().isAfter(b.expiresAt()) ? a : b;
  }
}
