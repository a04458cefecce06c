package io.jingzhi.knowledge.graph;

import java.util.Map;

/** An entity as given by a user, an import or an extractor. */
public record EntityInput(String name, String type, Map<String, String> attributes, Long sourceDocumentId) {}
