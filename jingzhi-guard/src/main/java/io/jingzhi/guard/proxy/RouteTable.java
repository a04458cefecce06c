package io.jingzhi.guard.proxy;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The routes the proxy serves, compiled and held in memory: the request path reads this snapshot, never the
 * database. Refreshed when a route changes here and every few seconds for changes made on other replicas.
 */
@Component
class RouteTable {

  private static final Logger log = LoggerFactory.getLogger(RouteTable.class);

  /** Published after a route was created, changed or removed. */
  record RoutesChanged() {}

  private record Snapshot(List<CompiledRoute> bySpecificity, Map<String, CompiledRoute> byCode,
      Map<String, ProxyRouteRepository.OrgRef> orgsByCode) {}

  private final ProxyRouteRepository repository;
  private final JsonMapper json;
  private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of(), Map.of());

  RouteTable(ProxyRouteRepository repository, JsonMapper json) {
    this.repository = repository;
    this.json = json;
  }

  @EventListener
  void onChanged(RoutesChanged event) {
    refresh();
  }

  @Scheduled(fixedDelayString = "${jingzhi.guard.proxy.refresh:PT5S}")
  void refresh() {
    try {
      Map<String, CompiledRoute> byCode = new HashMap<>();
      for (ProxyRoute r : repository.all()) {
        try {
          byCode.put(r.code(), CompiledRoute.compile(r, json));
        } catch (RuntimeException e) {
          // Validated at save time; only a hand-edited row gets here. Serve the others.
          log.warn("Proxy route {} does not compile and is not served: {}", r.code(), e.getMessage());
        }
      }
      List<CompiledRoute> ordered = byCode.values().stream()
          .sorted(Comparator.comparingInt(CompiledRoute::specificity).reversed()
              .thenComparing(c -> c.route().code()))
          .toList();
      snapshot = new Snapshot(ordered, Map.copyOf(byCode), repository.orgsByCode());
    } catch (RuntimeException e) {
      log.warn("Could not refresh the proxy routes; serving the previous snapshot: {}", e.getMessage());
    }
  }

  /** The enabled route with this code ({@code /proxy/{code}/…} on the main port). */
  Optional<CompiledRoute> byCode(String code) {
    return Optional.ofNullable(snapshot.byCode().get(code)).filter(c -> c.route().enabled());
  }

  /**
   * The org a route's org header names: an org <b>code</b> of the route's tenant (codes of other tenants name
   * nothing), else a numeric org id as sent; null when neither. Codes come from the snapshot, so an org created in the
   * last seconds is found once the next refresh has run.
   */
  Long orgId(Long tenantId, String value) {
    if (value == null) {
      return null;
    }
    ProxyRouteRepository.OrgRef org = snapshot.orgsByCode().get(value);
    if (org != null && (tenantId == null || tenantId.equals(org.tenantId()) || tenantId == org.id())) {
      return org.id();
    }
    return value.matches("\\d{1,18}") ? Long.valueOf(value) : null;
  }

  /** The most specific enabled route for a host and path (the dedicated proxy port). */
  Optional<CompiledRoute> match(String host, String path) {
    return snapshot.bySpecificity().stream().filter(c -> c.matches(host, path)).findFirst();
  }
}
