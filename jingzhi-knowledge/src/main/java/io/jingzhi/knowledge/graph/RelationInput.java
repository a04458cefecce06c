package io.jingzhi.knowledge.graph;

import java.util.Map;

/** A relation as given by a user: both ends by id. */
public record RelationInput(Long fromId, String type, Long toId, Map<String, String> attributes,
    Long sourceDocumentId) {}
