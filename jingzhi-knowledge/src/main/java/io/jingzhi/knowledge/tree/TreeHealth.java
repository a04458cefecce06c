package io.jingzhi.knowledge.tree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Health checks of a knowledge tree. Each problem names the node and its path:
 * <ul>
 *   <li>orphan: the node's parent is missing (or its parents loop), so it is unreachable from the top;
 *   <li>missing_data: a leaf without an answer, or a parameter without a value;
 *   <li>contradiction: nodes with the same path, or siblings with the same (non-empty) parameters, that answer
 *       differently;
 *   <li>duplicate: nodes with the same path, parameters and answer.
 * </ul>
 */
public final class TreeHealth {

  /** One problem found. */
  public record Problem(long nodeId, String path, String kind, String detail) {}

  private TreeHealth() {}

  static List<Problem> check(TreeLayout tree) {
    List<Problem> problems = new ArrayList<>();
    for (TreeNode n : tree.all()) {
      if (tree.isOrphan(n.id())) {
        problems.add(new Problem(n.id(), tree.path(n.id()), "orphan", n.parentId() != null
            && tree.node(n.parentId()) == null ? "its parent " + n.parentId() + " does not exist"
            : "its parents form a loop and never reach the top"));
      }
      if (tree.isLeaf(n.id()) && !n.hasAnswer()) {
        problems.add(new Problem(n.id(), tree.path(n.id()), "missing_data", "a leaf without an answer"));
      }
      n.parameters().forEach((k, v) -> {
        if (v == null || v.isBlank()) {
          problems.add(new Problem(n.id(), tree.path(n.id()), "missing_data", "the parameter '" + k
              + "' has no value"));
        }
      });
    }
    samePath(tree, problems);
    sameParameters(tree, problems);
    return problems;
  }

  private static void samePath(TreeLayout tree, List<Problem> problems) {
    Map<String, List<TreeNode>> byPath = new LinkedHashMap<>();
    tree.all().forEach(n -> byPath.computeIfAbsent(tree.path(n.id()), k -> new ArrayList<>()).add(n));
    for (var group : byPath.values()) {
      for (int i = 1; i < group.size(); i++) {
        TreeNode first = group.getFirst();
        TreeNode n = group.get(i);
        boolean sameData = Objects.equals(norm(first.answer()), norm(n.answer()))
            && first.parameters().equals(n.parameters());
        if (sameData) {
          problems.add(new Problem(n.id(), tree.path(n.id()), "duplicate", "the same path, parameters and answer "
              + "as node " + first.id()));
        } else if (first.hasAnswer() && n.hasAnswer() && !norm(first.answer()).equals(norm(n.answer()))) {
          problems.add(new Problem(n.id(), tree.path(n.id()), "contradiction", "the same path as node "
              + first.id() + " with a different answer"));
        } else {
          problems.add(new Problem(n.id(), tree.path(n.id()), "duplicate", "the same path as node " + first.id()
              + "; merge the two"));
        }
      }
    }
  }

  private static void sameParameters(TreeLayout tree, List<Problem> problems) {
    Map<String, List<TreeNode>> bySiblingParams = new LinkedHashMap<>();
    for (TreeNode n : tree.all()) {
      if (!n.parameters().isEmpty() && n.hasAnswer()) {
        bySiblingParams.computeIfAbsent(n.parentId() + "\u0000" + new java.util.TreeMap<>(n.parameters()),
            k -> new ArrayList<>()).add(n);
      }
    }
    for (var group : bySiblingParams.values()) {
      TreeNode first = group.getFirst();
      for (TreeNode n : group.subList(1, group.size())) {
        boolean samePath = tree.path(n.id()).equals(tree.path(first.id()));
        if (!samePath && !norm(first.answer()).equals(norm(n.answer()))) {
          problems.add(new Problem(n.id(), tree.path(n.id()), "contradiction", "the same parameters "
              + n.parameters() + " as node " + first.id() + " (" + tree.path(first.id()) + ") with a different "
              + "answer"));
        }
      }
    }
  }

  private static String norm(String answer) {
    return answer == null ? "" : answer.strip().replaceAll("\\s+", " ");
  }
}
