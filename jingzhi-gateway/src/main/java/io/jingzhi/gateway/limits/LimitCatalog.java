package io.jingzhi.gateway.limits;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The stored limits as the request path sees them: an immutable snapshot in memory, rebuilt when this node
 * changes a limit (after the commit) and periodically for changes made on other replicas.
 */
@Component
public class LimitCatalog {

  private static final Logger log = LoggerFactory.getLogger(LimitCatalog.class);

  /** Published after limits were saved or removed. */
  public record LimitsChanged() {}

  private record Id(LimitScope scope, long scopeId) {}

  private final LimitRepository repository;
  private volatile Map<Id, Limits> snapshot = Map.of();

  public LimitCatalog(LimitRepository repository) {
    this.repository = repository;
  }

  @TransactionalEventListener(fallbackExecution = true)
  void onChanged(LimitsChanged event) {
    refresh();
  }

  @Scheduled(fixedDelayString = "${jingzhi.gateway.limits.refresh:PT5S}")
  public void refresh() {
    try {
      Map<Id, Limits> next = new HashMap<>();
      for (Limits l : repository.all()) {
        next.put(new Id(l.scope(), l.scopeId()), l);
      }
      snapshot = Map.copyOf(next);
    } catch (RuntimeException e) {
      // Keep admitting with the last snapshot: a database hiccup must not stop the gateway.
      log.warn("Could not refresh the limits; using the previous snapshot: {}", e.getMessage());
    }
  }

  public Optional<Limits> of(LimitScope scope, long scopeId) {
    return Optional.ofNullable(snapshot.get(new Id(scope, scopeId)));
  }

  /** The guaranteed token rate of a tenant, 0 when none is set. */
  public int guaranteedTps(long tenantId) {
    Limits l = snapshot.get(new Id(LimitScope.TENANT, tenantId));
    return l == null || l.guaranteedTps() == null ? 0 : l.guaranteedTps();
  }

  public List<Limits> all() {
    return List.copyOf(snapshot.values());
  }
}
