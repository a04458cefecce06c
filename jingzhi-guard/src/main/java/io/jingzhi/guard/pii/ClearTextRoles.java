package io.jingzhi.guard.pii;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Which roles of a tenant may see personal data in clear text: the guard does not mask for callers holding one.
 * Held in memory (the check path never reads the database) and replaced whole when the roles change or the poll
 * finds a change made on another replica.
 */
@Component
public class ClearTextRoles {

  private volatile Map<Long, Set<String>> byTenant = Map.of();

  /** Whether a caller of {@code tenantId} with these roles may see personal data unmasked. */
  public boolean allows(Long tenantId, Collection<String> roles) {
    if (tenantId == null || roles == null || roles.isEmpty()) {
      return false;
    }
    Set<String> allowed = byTenant.get(tenantId);
    return allowed != null && roles.stream().anyMatch(allowed::contains);
  }

  void replace(Map<Long, Set<String>> roles) {
    Map<Long, Set<String>> copy = new java.util.HashMap<>();
    roles.forEach((tenant, set) -> copy.put(tenant, Set.copyOf(set)));
    byTenant = Map.copyOf(copy);
  }
}
