package io.jingzhi.knowledge.tree;

import java.util.Map;

/**
 * A node as created or changed. On change a field left out (null) keeps its value; a different {@code parentId}
 * moves the node with its subtree ({@code 0} moves it to the top); {@code position} places it among its siblings.
 */
public record NodeSpec(Long parentId, String name, Map<String, String> parameters, String answer, Integer position) {}
