package io.jingzhi.knowledge.tree;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a tree computed from its flat nodes: children in order, each node's path, and the orphans (nodes
 * whose parent is missing, or that hang in a loop of parents and so never reach the top). Orphans are laid out as
 * tops of their own so nothing stored is hidden.
 */
final class TreeLayout {

  static final String SEPARATOR = "/";

  private final Map<Long, TreeNode> byId = new LinkedHashMap<>();
  private final Map<Long, List<TreeNode>> children = new HashMap<>();
  private final List<TreeNode> tops = new ArrayList<>();
  private final Set<Long> orphans = new HashSet<>();
  private final Map<Long, List<String>> paths = new HashMap<>();

  TreeLayout(List<TreeNode> flat) {
    flat.forEach(n -> byId.put(n.id(), n));
    Comparator<TreeNode> order = Comparator.comparingInt(TreeNode::position).thenComparingLong(TreeNode::id);
    for (TreeNode n : flat) {
      if (n.parentId() == null) {
        tops.add(n);
      } else if (!byId.containsKey(n.parentId())) {
        orphans.add(n.id());
        tops.add(n);
      } else {
        children.computeIfAbsent(n.parentId(), k -> new ArrayList<>()).add(n);
      }
    }
    children.values().forEach(list -> list.sort(order));
    tops.sort(Comparator.comparing((TreeNode n) -> orphans.contains(n.id())).thenComparing(order));
    for (TreeNode top : tops) {
      walk(top, List.of());
    }
    // Whatever was not reached from a top hangs in a loop of parents: an orphan as well.
    for (TreeNode n : flat) {
      if (!paths.containsKey(n.id())) {
        orphans.add(n.id());
        tops.add(n);
        walk(n, List.of());
      }
    }
  }

  private void walk(TreeNode node, List<String> above) {
    if (paths.containsKey(node.id())) {
      return;
    }
    List<String> path = new ArrayList<>(above);
    path.add(node.name());
    paths.put(node.id(), path);
    for (TreeNode child : children.getOrDefault(node.id(), List.of())) {
      walk(child, path);
    }
  }

  TreeNode node(long id) {
    return byId.get(id);
  }

  List<TreeNode> all() {
    return new ArrayList<>(byId.values());
  }

  List<TreeNode> children(long id) {
    return children.getOrDefault(id, List.of());
  }

  boolean isOrphan(long id) {
    return orphans.contains(id);
  }

  boolean isLeaf(long id) {
    return children(id).isEmpty();
  }

  List<String> pathNames(long id) {
    return paths.get(id);
  }

  String path(long id) {
    return String.join(SEPARATOR, paths.get(id));
  }

  /** Whether {@code candidate} is {@code id} itself or lies below it. */
  boolean inSubtree(long id, long candidate) {
    Set<Long> seen = new HashSet<>();
    for (TreeNode n = byId.get(candidate); n != null && seen.add(n.id());
        n = n.parentId() == null ? null : byId.get(n.parentId())) {
      if (n.id() == id) {
        return true;
      }
    }
    return false;
  }

  /** Ids of the node and everything below it. */
  List<Long> subtree(long id) {
    List<Long> out = new ArrayList<>();
    List<Long> todo = new ArrayList<>(List.of(id));
    Set<Long> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      long next = todo.removeLast();
      if (seen.add(next)) {
        out.add(next);
        children(next).forEach(c -> todo.add(c.id()));
      }
    }
    return out;
  }

  /** The nested view: tops (real ones first, then orphans) with their children, each with its path. */
  List<TreeNode> nested() {
    return tops.stream().map(this::nest).toList();
  }

  private TreeNode nest(TreeNode n) {
    return n.withPlace(path(n.id()), children(n.id()).stream().map(this::nest).toList());
  }

  int maxDepth() {
    return paths.values().stream().mapToInt(List::size).max().orElse(0);
  }
}
