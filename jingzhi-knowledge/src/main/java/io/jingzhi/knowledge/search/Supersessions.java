package io.jingzhi.knowledge.search;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Which documents newer ones replace. A document is superseded when its own metadata names {@code superseded_by},
 * or when another document's {@code supersedes} (a document number or a list of them) names its {@code doc_number}.
 * The graph helper extracts the same relation from the text; the search reads documents' metadata only, so one
 * source of truth decides what users see.
 */
record Supersessions(Set<String> supersededNumbers) {

  Supersessions {
    supersededNumbers = Set.copyOf(supersededNumbers);
  }

  static Supersessions none() {
    return new Supersessions(Set.of());
  }

  /** From the metadata of the documents that name {@code supersedes}. */
  static Supersessions from(List<JsonNode> newerMetadata) {
    Set<String> numbers = new HashSet<>();
    for (JsonNode m : newerMetadata) {
      JsonNode s = m.get("supersedes");
      if (s == null) {
        continue;
      }
      if (s.isArray()) {
        s.forEach(x -> add(numbers, x));
      } else {
        add(numbers, s);
      }
    }
    return new Supersessions(numbers);
  }

  boolean superseded(JsonNode metadata) {
    if (metadata == null) {
      return false;
    }
    JsonNode by = metadata.get("superseded_by");
    if (by != null && (by.isArray() ? !by.isEmpty() : by.isValueNode() && !by.isNull() && !by.asString().isBlank())) {
      return true;
    }
    JsonNode number = metadata.get("doc_number");
    return number != null && number.isValueNode() && supersededNumbers.contains(normal(number.asString()));
  }

  private static void add(Set<String> numbers, JsonNode value) {
    if (value.isValueNode() && !value.isNull() && !value.asString().isBlank()) {
      numbers.add(normal(value.asString()));
    }
  }

  /** Document numbers are typed with either kind of brackets: 〔2024〕, [2024], （2024）. */
  static String normal(String number) {
    return number.strip().replace('［', '〔').replace('[', '〔').replace('（', '〔').replace('(', '〔')
        .replace('］', '〕').replace(']', '〕').replace('）', '〕').replace(')', '〕').replace(" ", "");
  }
}
