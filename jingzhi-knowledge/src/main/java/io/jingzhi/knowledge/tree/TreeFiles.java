package io.jingzhi.knowledge.tree;

import io.jingzhi.common.error.ApiException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Knowledge-tree files. Excel: one row per node, the columns {@code level 1 .. level N} (or 一级, 二级 ...) hold
 * its path, {@code parameters} holds {@code k=v; k2=v2}, {@code answer} the answer. YAML: nested
 * {@code nodes: [{name, parameters: {k: v}, answer, children: [...]}]}. A bad row or node rejects the whole file,
 * naming it.
 */
final class TreeFiles {

  static final int MAX_ROWS = 20_000;
  static final int MAX_DEPTH = 20;
  static final int MAX_NAME = 200;
  static final int MAX_ANSWER = 20_000;
  private static final Pattern LEVEL = Pattern.compile(
      "(level|层级|级别)\\s*_?\\d+|第?[一二三四五六七八九十\\d]+级(节点|目录|分类)?");
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private TreeFiles() {}

  static boolean looksLikeXlsx(byte[] content) {
    return content.length >= 4 && Arrays.equals(Arrays.copyOf(content, 4), ZIP_MAGIC);
  }

  // Excel

  static List<TreeRow> readXlsx(byte[] content) {
    List<String[]> rows = new ArrayList<>();
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(content))) {
      for (Row r : wb.getFirstSheet().read()) {
        String[] cells = new String[r.getCellCount()];
        for (int i = 0; i < cells.length; i++) {
          cells[i] = r.getCellAsString(i).map(String::strip).orElse("");
        }
        rows.add(cells);
      }
    } catch (IOException | RuntimeException e) {
      throw bad("the file is not a readable XLSX workbook: " + e.getMessage());
    }
    if (rows.isEmpty()) {
      throw bad("the workbook is empty; the first row must name the columns level 1 .. level N, parameters, answer");
    }
    List<String> header = Arrays.stream(rows.getFirst()).map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    List<Integer> levels = new ArrayList<>();
    int params = -1;
    int answer = -1;
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i);
      if (LEVEL.matcher(h).matches()) {
        levels.add(i);
      } else if (h.equals("parameters") || h.equals("参数")) {
        params = i;
      } else if (h.equals("answer") || h.equals("答案")) {
        answer = i;
      }
    }
    if (levels.isEmpty()) {
      throw bad("the first row must name the path columns (level 1, level 2, ... or 一级, 二级, ...)");
    }
    if (rows.size() - 1 > MAX_ROWS) {
      throw bad("at most " + MAX_ROWS + " rows per file");
    }
    List<TreeRow> out = new ArrayList<>();
    for (int i = 1; i < rows.size(); i++) {
      String[] r = rows.get(i);
      if (Arrays.stream(r).allMatch(String::isBlank)) {
        continue;
      }
      String where = "row " + (i + 1);
      List<String> path = new ArrayList<>();
      boolean gap = false;
      for (int col : levels) {
        String name = cell(r, col);
        if (name.isEmpty()) {
          gap = true;
        } else if (gap) {
          throw badRow(where, "a level is empty before '" + name + "'; fill the path from level 1 without gaps");
        } else {
          path.add(name);
        }
      }
      out.add(row(where, path, parseParameters(where, cell(r, params)), cell(r, answer)));
    }
    return out;
  }

  static byte[] writeXlsx(TreeLayout tree) {
    int depth = Math.max(1, tree.maxDepth());
    var out = new ByteArrayOutputStream();
    try (Workbook wb = new Workbook(out, "jingzhi-knowledge", "1.0")) {
      Worksheet ws = wb.newWorksheet("tree");
      for (int i = 0; i < depth; i++) {
        ws.value(0, i, "level " + (i + 1));
      }
      ws.value(0, depth, "parameters");
      ws.value(0, depth + 1, "answer");
      int row = 1;
      for (TreeNode n : preorder(tree)) {
        if (!tree.isLeaf(n.id()) && n.parameters().isEmpty() && !n.hasAnswer()) {
          continue;
        }
        List<String> path = tree.pathNames(n.id());
        for (int i = 0; i < path.size(); i++) {
          ws.value(row, i, path.get(i));
        }
        ws.value(row, depth, formatParameters(n.parameters()));
        ws.value(row, depth + 1, n.answer() == null ? "" : n.answer());
        row++;
      }
      ws.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  // YAML

  static List<TreeRow> readYaml(byte[] content) {
    JsonNode root;
    try {
      root = YAML.readTree(content);
    } catch (JacksonException e) {
      throw bad("the file is neither XLSX nor valid YAML: " + e.getOriginalMessage());
    }
    JsonNode nodes = root == null ? null : root.isArray() ? root : root.get("nodes");
    if (nodes == null || !nodes.isArray()) {
      throw bad("the YAML must be a list of nodes or have a list 'nodes' (each {name, parameters, answer, "
          + "children})");
    }
    List<TreeRow> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      readYamlNode(nodes.get(i), "nodes[" + i + "]", List.of(), out);
    }
    return out;
  }

  private static void readYamlNode(JsonNode node, String where, List<String> above, List<TreeRow> out) {
    if (out.size() >= MAX_ROWS) {
      throw bad("at most " + MAX_ROWS + " nodes per file");
    }
    if (node == null || !node.isObject()) {
      throw badRow(where, "a node must be a mapping with name, parameters, answer, children");
    }
    JsonNode name = node.get("name");
    if (name == null || !name.isValueNode() || name.asString().isBlank()) {
      throw badRow(where, "name is required");
    }
    List<String> path = new ArrayList<>(above);
    path.add(name.asString().strip());
    Map<String, String> parameters = new LinkedHashMap<>();
    JsonNode params = node.get("parameters");
    if (params != null && !params.isNull()) {
      if (!params.isObject()) {
        throw badRow(where, "parameters must be a mapping of key: value");
      }
      for (var e : params.properties()) {
        if (!e.getValue().isValueNode()) {
          throw badRow(where, "the parameter '" + e.getKey() + "' must be a plain value");
        }
        parameters.put(e.getKey().strip(), e.getValue().isNull() ? "" : e.getValue().asString().strip());
      }
    }
    JsonNode answer = node.get("answer");
    if (answer != null && !answer.isNull() && !answer.isValueNode()) {
      throw badRow(where, "answer must be text");
    }
    out.add(row(where, path, parameters, answer == null || answer.isNull() ? "" : answer.asString()));
    JsonNode children = node.get("children");
    if (children != null && !children.isNull()) {
      if (!children.isArray()) {
        throw badRow(where, "children must be a list of nodes");
      }
      for (int i = 0; i < children.size(); i++) {
        readYamlNode(children.get(i), where + ".children[" + i + "]", path, out);
      }
    }
  }

  static byte[] writeYaml(Tree tree, TreeLayout layout) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", tree.name());
    doc.put("description", tree.description());
    doc.put("nodes", layout.nested().stream().map(TreeFiles::yamlNode).toList());
    return YAML.writeValueAsBytes(doc);
  }

  private static Map<String, Object> yamlNode(TreeNode n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", n.name());
    if (!n.parameters().isEmpty()) {
      m.put("parameters", n.parameters());
    }
    if (n.hasAnswer()) {
      m.put("answer", n.answer());
    }
    if (!n.children().isEmpty()) {
      m.put("children", n.children().stream().map(TreeFiles::yamlNode).toList());
    }
    return m;
  }

  // shared

  /** Parses {@code k=v; k2=v2} (full-width ；＝ too); a piece without {@code =} or without a key is an error. */
  static Map<String, String> parseParameters(String where, String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String piece : text.split("[;；\\n]")) {
      String p = piece.strip();
      if (p.isEmpty()) {
        continue;
      }
      int eq = indexOfEquals(p);
      if (eq <= 0) {
        throw badRow(where, "the parameter '" + p + "' is not written as key=value");
      }
      out.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
    }
    return out;
  }

  private static int indexOfEquals(String p) {
    int ascii = p.indexOf('=');
    int wide = p.indexOf('＝');
    return ascii < 0 ? wide : wide < 0 ? ascii : Math.min(ascii, wide);
  }

  static String formatParameters(Map<String, String> parameters) {
    return String.join("; ", parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  private static TreeRow row(String where, List<String> path, Map<String, String> params, String answer) {
    if (path.isEmpty()) {
      throw badRow(where, "the path is empty (level 1 is required)");
    }
    if (path.size() > MAX_DEPTH) {
      throw badRow(where, "deeper than " + MAX_DEPTH + " levels");
    }
    for (String name : path) {
      if (name.length() > MAX_NAME) {
        throw badRow(where, "a name longer than " + MAX_NAME + " characters");
      }
    }
    if (answer.length() > MAX_ANSWER) {
      throw badRow(where, "an answer longer than " + MAX_ANSWER + " characters");
    }
    return new TreeRow(where, List.copyOf(path), params, answer.isBlank() ? null : answer);
  }

  private static List<TreeNode> preorder(TreeLayout tree) {
    List<TreeNode> out = new ArrayList<>();
    tree.nested().forEach(n -> collect(n, out));
    return out;
  }

  private static void collect(TreeNode n, List<TreeNode> out) {
    out.add(n);
    n.children().forEach(c -> collect(c, out));
  }

  private static String cell(String[] row, int index) {
    return index < 0 || index >= row.length || row[index] == null ? "" : row[index].strip();
  }

  private static ApiException bad(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, "tree.bad_file", detail + " (nothing was imported)");
  }

  private static ApiException badRow(String where, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, "tree.bad_row", where + ": " + message
        + " (nothing was imported)");
  }
}
