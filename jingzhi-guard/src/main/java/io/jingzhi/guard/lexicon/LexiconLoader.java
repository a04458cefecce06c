package io.jingzhi.guard.lexicon;

import io.jingzhi.guard.engine.lexicon.Lexicon;
import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import io.jingzhi.guard.engine.lexicon.LexiconStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Compiles the enabled banks of each scope (the global scope and every tenant) from the database into the live
 * {@link LexiconStore}. A scope is recompiled when this replica changed one of its banks and, for changes made on
 * other replicas, when a cheap poll of the banks' version numbers shows a difference. Compiling happens here, on
 * the admin request or the poller's thread, never on a check.
 */
@Component
public class LexiconLoader {

  private static final Logger log = LoggerFactory.getLogger(LexiconLoader.class);

  /** The key of the global scope in {@link #loaded}; tenants use their id. */
  private static final String GLOBAL = "global";

  private final LexiconRepository repository;
  private final LexiconStore store;
  private final Clock clock;
  /** Scope → the state of its banks when it was compiled ("id@version,…" of the enabled banks). */
  private final Map<String, String> loaded = new HashMap<>();

  public LexiconLoader(LexiconRepository repository, LexiconStore store, Clock clock) {
    this.repository = repository;
    this.store = store;
    this.clock = clock;
  }

  /** Compiles every scope whose banks changed since it was last compiled (all of them on the first call). */
  @Scheduled(fixedDelayString = "${jingzhi.guard.lexicon-refresh:PT10S}",
      initialDelayString = "${jingzhi.guard.lexicon-refresh:PT10S}")
  public synchronized void poll() {
    try {
      Map<String, String> now = signatures(repository.states());
      Set<String> scopes = new HashSet<>(now.keySet());
      scopes.addAll(loaded.keySet());
      scopes.add(GLOBAL);
      for (String scope : scopes) {
        if (!loaded.containsKey(scope) || !Objects.equals(loaded.get(scope), now.getOrDefault(scope, ""))) {
          compile(scope, now.getOrDefault(scope, ""));
        }
      }
    } catch (RuntimeException e) {
      // Keep serving the banks already loaded: a database hiccup must not take the guard's keywords away.
      log.warn("Could not refresh the keyword banks; keeping the loaded ones: {}", e.getMessage());
    }
  }

  /** Recompiles one scope now (tenant null: the global banks), after a change on this replica committed. */
  public synchronized void refresh(Long tenantId) {
    String scope = tenantId == null ? GLOBAL : tenantId.toString();
    compile(scope, signatures(repository.states()).getOrDefault(scope, ""));
  }

  private void compile(String scope, String signature) {
    long t0 = System.nanoTime();
    Long tenant = scope.equals(GLOBAL) ? null : Long.valueOf(scope);
    List<LexiconEntry> entries = signature.isEmpty() ? List.of() : repository.enabledEntries(tenant);
    Lexicon lexicon = signature.isEmpty() ? null : new Lexicon(signature, clock.instant(), entries);
    if (tenant == null) {
      store.swapGlobal(lexicon == null ? Lexicon.empty() : lexicon);
    } else {
      store.swapTenant(scope, lexicon);
    }
    if (signature.isEmpty()) {
      loaded.remove(scope);
      if (tenant == null) {
        loaded.put(GLOBAL, "");
      }
    } else {
      loaded.put(scope, signature);
    }
    log.info("Keyword banks of scope {} loaded: {} entries, version {}, compiled in {} ms", scope, entries.size(),
        signature.isEmpty() ? "none" : signature, (System.nanoTime() - t0) / 1_000_000);
  }

  private static Map<String, String> signatures(List<LexiconRepository.BankState> states) {
    Map<String, List<String>> parts = new TreeMap<>();
    for (LexiconRepository.BankState s : states) {
      if (s.enabled()) {
        parts.computeIfAbsent(s.tenantId() == null ? GLOBAL : s.tenantId().toString(), k -> new ArrayList<>())
            .add(s.id() + "@" + s.version());
      }
    }
    Map<String, String> out = new HashMap<>();
    parts.forEach((scope, list) -> out.put(scope, String.join(",", list)));
    return out;
  }
}
