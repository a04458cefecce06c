package io.jingzhi.guard.engine.pii;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live custom rules of every tenant. A tenant's new rule set is swapped in with one atomic write, so checks in
 * flight finish with the set they started with. Thread-safe; no Spring.
 */
public final class CustomRuleStore {

  private final AtomicReference<Map<String, List<CustomRule>>> current = new AtomicReference<>(Map.of());

  /** The rules of a tenant (empty for none or a null tenant). */
  public List<CustomRule> rules(String tenant) {
    return tenant == null ? List.of() : current.get().getOrDefault(tenant, List.of());
  }

  public void swap(String tenant, List<CustomRule> rules) {
    current.updateAndGet(m -> {
      Map<String, List<CustomRule>> next = new HashMap<>(m);
      if (rules == null || rules.isEmpty()) {
        next.remove(tenant);
      } else {
        next.put(tenant, List.copyOf(rules));
      }
      return Map.copyOf(next);
    });
  }
}
