package io.jingzhi.knowledge.dictionary;

import io.jingzhi.knowledge.retrieval.QueryDictionary;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** One entry of a dictionary; {@code kind} on the wire is term, synonym, abbreviation or escape. */
public record DictionaryEntry(long id, long dictionaryId, String term, String kind, List<String> targets,
    Instant updatedAt) {

  public DictionaryEntry {
    targets = targets == null ? List.of() : List.copyOf(targets);
  }

  QueryDictionary.Entry toQueryEntry() {
    return new QueryDictionary.Entry(term, QueryDictionary.Entry.Kind.valueOf(kind.toUpperCase(Locale.ROOT)),
        targets);
  }
}
