package io.jingzhi.knowledge.retrieval;

import java.util.Collection;

/** Where a search gets its dictionary from: the dictionaries linked to the bases it searches. */
public interface DictionarySource {

  /** The union of the entries of every dictionary linked to any of the bases; empty when none. */
  QueryDictionary forBases(Collection<Long> kbIds);
}
