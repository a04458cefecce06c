package io.jingzhi.guard.policy;

import io.jingzhi.guard.api.GuardSubject;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The policies as the request path sees them: an immutable snapshot in memory, ordered for evaluation, so a
 * check never waits on the database. Rebuilt after this node changed a policy (once the change committed) and
 * every few seconds for changes made by other replicas.
 */
@Component
@Order(30)
public class PolicyCatalog implements ApplicationRunner {

  /** Policies are evaluated in Asia/Shanghai time (time windows). */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private static final Logger log = LoggerFactory.getLogger(PolicyCatalog.class);

  /** Published after a policy was created, changed, reordered or removed. */
  public record PoliciesChanged() {}

  private record Snapshot(List<CompiledPolicy> ordered, Map<Long, String> orgPaths) {}

  private final PolicyRepository repository;
  private final Clock clock;
  private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of());

  PolicyCatalog(PolicyRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    refresh();
  }

  @TransactionalEventListener(fallbackExecution = true)
  void onChanged(PoliciesChanged event) {
    refresh();
  }

  @Scheduled(fixedDelayString = "${jingzhi.guard.policy-refresh:PT5S}", initialDelayString = "PT5S")
  public void refresh() {
    try {
      List<CompiledPolicy> compiled = repository.all().stream().filter(Policy::enabled).map(CompiledPolicy::new)
          .toList();
      snapshot = new Snapshot(compiled, repository.orgPaths());
    } catch (RuntimeException e) {
      // Keep deciding with the last snapshot: a database hiccup must not stop the guard.
      log.warn("Could not refresh the guard policies; using the previous snapshot: {}", e.getMessage());
    }
  }

  /**
   * The policy that decides a check: the first enabled one (by priority; platform before tenant on a tie) of the
   * platform or the subject's tenant whose scope fits, that does not except the subject and whose conditions the
   * text meets. When {@code trace} is given, every policy of those tenants is added to it with its outcome.
   */
  public Optional<Policy> decide(GuardSubject subject, CheckFacts facts, List<PolicyTrace> trace) {
    Snapshot s = snapshot;
    ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(ZONE);
    Policy decided = null;
    for (CompiledPolicy c : s.ordered()) {
      Policy p = c.policy;
      if (p.tenantId() != null && !Objects.equals(p.tenantId(), subject.tenantId())) {
        continue;
      }
      if (decided != null) {
        trace.add(PolicyTrace.of(p, "not_reached", "policy " + decided.code() + " decided first"));
        continue;
      }
      String why = c.notApplicable(subject, now, s.orgPaths());
      if (why == null) {
        why = c.unmet(facts);
      }
      if (why == null) {
        decided = p;
        if (trace == null) {
          return Optional.of(p);
        }
        trace.add(PolicyTrace.of(p, "decided", p.enforce() ? "scope and conditions fit"
            : "scope and conditions fit; monitor mode: recorded, not enforced"));
      } else if (trace != null) {
        trace.add(PolicyTrace.of(p, "skipped", why));
      }
    }
    return Optional.ofNullable(decided);
  }
}
