package io.jingzhi.knowledge.search;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.knowledge.base.KnowledgeBase;
import io.jingzhi.knowledge.base.KnowledgeBaseAccess.KnowledgeBaseRef;
import io.jingzhi.knowledge.base.KnowledgeBaseAccessPolicy;
import io.jingzhi.knowledge.base.KnowledgeBaseRepository;
import io.jingzhi.knowledge.search.SearchRepository.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The "zombie knowledge" report (僵尸知识): documents nobody retrieved in N days, expired ones and superseded ones,
 * with every reason that applies. It is a maintenance report, so it covers the bases the caller may change
 * ({@code kb:write} and owner of the base), not every base it may read. A document younger than N days is not
 * reported as never retrieved: it has not had the chance.
 */
@Service
public class ZombieReport {

  static final int MAX_DAYS = 3650;
  static final int MAX_LIMIT = 1000;

  private final KnowledgeBaseAccessPolicy access;
  private final KnowledgeBaseRepository bases;
  private final SearchRepository repository;
  private final Clock clock;

  public ZombieReport(KnowledgeBaseAccessPolicy access, KnowledgeBaseRepository bases, SearchRepository repository,
      Clock clock) {
    this.access = access;
    this.bases = bases;
    this.repository = repository;
    this.clock = clock;
  }

  /**
   * One zombie document.
   *
   * @param reason the first of {@code reasons}: superseded, expired, never_retrieved
   * @param lastHitAt the last retrieval hit, null when never
   */
  public record Zombie(long documentId, long kbId, String kbName, String title, String reason, List<String> reasons,
      Instant lastHitAt, LocalDate expiryDate, Instant createdAt) {}

  /** The report: {@code total} zombies, the first {@code limit} of them in {@code items}. */
  public record Report(int days, long total, List<Zombie> items) {}

  public Report report(Caller caller, Integer days, Long kbId, Integer limit) {
    int n = days == null ? 90 : days;
    if (n < 1 || n > MAX_DAYS) {
      throw ApiException.invalid("days", "must be between 1 and " + MAX_DAYS);
    }
    int max = limit == null ? 200 : limit;
    if (max < 1 || max > MAX_LIMIT) {
      throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
    }
    List<KnowledgeBaseRef> writable = kbId != null ? List.of(access.requireWritable(caller, kbId))
        : writableBases(caller);
    Set<Long> kbIds = writable.stream().map(KnowledgeBaseRef::id).collect(Collectors.toSet());
    var names = writable.stream().collect(Collectors.toMap(KnowledgeBaseRef::id, KnowledgeBaseRef::name));
    // A newer document in any base the caller may read can supersede one of its own.
    Set<Long> readable = access.readableBases(caller).stream().map(KnowledgeBaseRef::id).collect(Collectors.toSet());
    readable.addAll(kbIds);
    Supersessions supersessions = Supersessions.from(repository.supersedingMetadata(readable));
    Instant now = clock.instant();
    Instant since = now.minus(Duration.ofDays(n));
    LocalDate today = Today.of(clock);
    List<Zombie> zombies = new ArrayList<>();
    for (Usage u : repository.usage(kbIds)) {
      List<String> reasons = reasons(u, supersessions, today, since);
      if (!reasons.isEmpty()) {
        var d = u.doc();
        zombies.add(new Zombie(d.id(), d.kbId(), names.get(d.kbId()), d.label(), reasons.getFirst(), reasons,
            u.lastHitAt(), Validity.date(d.metadata(), "expiry_date"), d.createdAt()));
      }
    }
    return new Report(n, zombies.size(), zombies.stream().limit(max).toList());
  }

  static List<String> reasons(Usage u, Supersessions supersessions, LocalDate today, Instant since) {
    List<String> reasons = new ArrayList<>();
    var metadata = u.doc().metadata();
    if (supersessions.superseded(metadata)) {
      reasons.add(Validity.SUPERSEDED);
    }
    LocalDate expiry = Validity.date(metadata, "expiry_date");
    if (expiry != null && expiry.isBefore(today)) {
      reasons.add(Validity.EXPIRED);
    }
    boolean oldEnough = u.doc().createdAt().isBefore(since);
    if (oldEnough && (u.lastHitAt() == null || u.lastHitAt().isBefore(since))) {
      reasons.add("never_retrieved");
    }
    return reasons;
  }

  private List<KnowledgeBaseRef> writableBases(Caller caller) {
    caller.require(Permissions.KB_WRITE);
    return bases.candidates(caller.platformScope() ? null : caller.tenantId(), null, null).stream()
        .filter(b -> access.owns(caller, b)).map(KnowledgeBase::ref).toList();
  }
}
