package io.jingzhi.knowledge.tree;

import java.time.Instant;
import java.util.List;

/**
 * A knowledge tree of one tenant. {@code nodes}: the nested nodes when the tree is read on its own, null in
 * listings (a node whose parent is missing is shown at the top so it can be found and moved).
 */
public record Tree(long id, String name, String description, String project, long tenantId, long nodeCount,
    Instant createdAt, Instant updatedAt, List<TreeNode> nodes) {

  Tree withNodes(List<TreeNode> nested) {
    return new Tree(id, name, description, project, tenantId, nodeCount, createdAt, updatedAt, nested);
  }
}
