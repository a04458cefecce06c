package io.jingzhi.guard.lexicon;

import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a new shipped starter list changes in the starter bank: a three-way merge of the list the bank last took,
 * the new list and the bank as operators left it. An entry (by {@link LexiconService#identity}) the new list adds is
 * added; one it drops is deleted and one it changes is updated — but only where the bank still holds the entry as
 * last shipped: an entry an operator edited, deleted or added under the same identity is left as the operator left
 * it (counted in {@code kept}).
 */
record StarterMerge(List<LexiconEntry> add, Map<Long, LexiconEntry> update, List<Long> delete, int kept) {

  static StarterMerge plan(List<LexiconEntry> lastShipped, List<LexiconEntry> shipped,
      Map<Long, LexiconEntry> current) {
    Map<String, LexiconEntry> before = byIdentity(lastShipped);
    Map<String, LexiconEntry> after = byIdentity(shipped);
    Map<String, Long> ids = new LinkedHashMap<>();
    current.forEach((id, e) -> ids.putIfAbsent(LexiconService.identity(e), id));
    Set<String> identities = new LinkedHashSet<>(before.keySet());
    identities.addAll(after.keySet());
    List<LexiconEntry> add = new ArrayList<>();
    Map<Long, LexiconEntry> update = new LinkedHashMap<>();
    List<Long> delete = new ArrayList<>();
    int kept = 0;
    for (String identity : identities) {
      LexiconEntry was = before.get(identity);
      LexiconEntry now = after.get(identity);
      if (Objects.equals(was, now)) {
        continue;
      }
      Long id = ids.get(identity);
      LexiconEntry held = id == null ? null : current.get(id);
      if (was == null && held == null) {
        add.add(now);
      } else if (was != null && was.equals(held)) {
        if (now == null) {
          delete.add(id);
        } else {
          update.put(id, now);
        }
      } else if (!Objects.equals(held, now)) {
        kept++;
      }
    }
    return new StarterMerge(add, update, delete, kept);
  }

  boolean changesNothing() {
    return add.isEmpty() && update.isEmpty() && delete.isEmpty();
  }

  String summary() {
    return "starter list update: " + add.size() + " added, " + update.size() + " changed, " + delete.size()
        + " removed" + (kept > 0 ? ", " + kept + " operator changes kept" : "");
  }

  private static Map<String, LexiconEntry> byIdentity(List<LexiconEntry> entries) {
    Map<String, LexiconEntry> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(LexiconService.identity(e), e));
    return out;
  }
}
