package io.jingzhi.knowledge.tree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of a knowledge tree: its name, parameters (key → value, in order) and answer, and its place: the parent,
 * the position among siblings, and {@code path}, the names from the top joined by {@code /}.
 */
public record TreeNode(long id, Long parentId, String name, String path, Map<String, String> parameters,
    String answer, int position, List<TreeNode> children) {

  public TreeNode {
    parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    children = children == null ? List.of() : List.copyOf(children);
  }

  TreeNode withPlace(String newPath, List<TreeNode> newChildren) {
    return new TreeNode(id, parentId, name, newPath, parameters, answer, position, new ArrayList<>(newChildren));
  }

  boolean hasAnswer() {
    return answer != null && !answer.isBlank();
  }
}
