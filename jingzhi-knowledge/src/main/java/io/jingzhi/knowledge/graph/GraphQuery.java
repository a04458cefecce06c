package io.jingzhi.knowledge.graph;

import java.util.List;

/**
 * A multi-hop query: from an entity (id or exact name) to an optional target, over the relation types named (all
 * when empty), 1–3 hops, at most {@code limit} paths (default 100, at most 1000), walking relations {@code out}
 * (as stored), {@code in} (backwards) or {@code both} (the default).
 */
public record GraphQuery(Object from, Object to, List<String> relationTypes, Integer maxHops, Integer limit,
    String direction) {}
