package io.jingzhi.knowledge.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/** A relation of a graph, from one entity to another, with the names of both ends for display. */
public record Relation(long id, long fromId, String fromName, String type, long toId, String toName,
    Map<String, String> attributes, Long sourceDocumentId) {

  public Relation {
    attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }
}
