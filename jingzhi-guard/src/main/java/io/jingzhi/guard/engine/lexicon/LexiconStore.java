package io.jingzhi.guard.engine.lexicon;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live banks: one global bank and one per tenant. A new version is compiled aside and swapped in with one
 * atomic write, so checks in flight finish on the snapshot they started with and nothing restarts.
 */
public final class LexiconStore {

  /** Immutable view of all banks at one moment. */
  public record Snapshot(Lexicon global, Map<String, Lexicon> tenants) {

    public Snapshot {
      tenants = Map.copyOf(tenants);
    }

    public Lexicon tenant(String tenant) {
      return tenant == null ? null : tenants.get(tenant);
    }
  }

  private final AtomicReference<Snapshot> current;

  public LexiconStore(Lexicon global) {
    current = new AtomicReference<>(new Snapshot(global, Map.of()));
  }

  public Snapshot snapshot() {
    return current.get();
  }

  public void swapGlobal(Lexicon global) {
    current.updateAndGet(s -> new Snapshot(global, s.tenants()));
  }

  public void swapTenant(String tenant, Lexicon lexicon) {
    current.updateAndGet(s -> {
      Map<String, Lexicon> tenants = new HashMap<>(s.tenants());
      if (lexicon == null) {
        tenants.remove(tenant);
      } else {
        tenants.put(tenant, lexicon);
      }
      return new Snapshot(s.global(), tenants);
    });
  }
}
