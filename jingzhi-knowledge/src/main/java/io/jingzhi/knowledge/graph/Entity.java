package io.jingzhi.knowledge.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/** An entity of a graph: one (type, name) with its attributes and the document it was found in, if any. */
public record Entity(long id, String name, String type, Map<String, String> attributes, Long sourceDocumentId) {

  public Entity {
    attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }
}
