package io.jingzhi.knowledge.dictionary;

import io.jingzhi.knowledge.retrieval.DictionarySource;
import io.jingzhi.knowledge.retrieval.QueryDictionary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The dictionaries of each knowledge base, held in memory so a search never reads the database for them. A base's
 * entries load on its first search; any change of entries or links drops everything once it has committed (changes
 * are rare, searches are many).
 */
@Component
public class DictionaryCache implements DictionarySource {

  private final DictionaryRepository repository;
  private final AtomicReference<Map<Long, List<QueryDictionary.Entry>>> byBase =
      new AtomicReference<>(new ConcurrentHashMap<>());

  DictionaryCache(DictionaryRepository repository) {
    this.repository = repository;
  }

  @Override
  public QueryDictionary forBases(Collection<Long> kbIds) {
    if (kbIds == null || kbIds.isEmpty()) {
      return QueryDictionary.empty();
    }
    // Loads go into the map they started from: a load racing with a change lands in the dropped map, not the new.
    Map<Long, List<QueryDictionary.Entry>> cache = byBase.get();
    var union = new LinkedHashSet<QueryDictionary.Entry>();
    for (Long kbId : new LinkedHashSet<>(kbIds)) {
      if (kbId != null) {
        union.addAll(cache.computeIfAbsent(kbId, this::load));
      }
    }
    return new QueryDictionary(new ArrayList<>(union));
  }

  private List<QueryDictionary.Entry> load(long kbId) {
    return repository.entriesOfBase(kbId).stream().map(DictionaryEntry::toQueryEntry).distinct().toList();
  }

  @TransactionalEventListener(fallbackExecution = true)
  void on(DictionaryService.DictionariesChanged changed) {
    byBase.set(new ConcurrentHashMap<>());
  }
}
