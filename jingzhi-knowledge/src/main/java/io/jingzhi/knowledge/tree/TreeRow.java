package io.jingzhi.knowledge.tree;

import java.util.List;
import java.util.Map;

/**
 * One node as a file gives it: its path of names from the top, its parameters and answer, and where in the file
 * it came from ({@code where}: "row 7" of a workbook, "nodes[0].children[2]" of a YAML file) for error messages.
 */
record TreeRow(String where, List<String> path, Map<String, String> parameters, String answer) {

  boolean hasData() {
    return !parameters.isEmpty() || answer != null && !answer.isBlank();
  }
}
