package io.jingzhi.knowledge.chunk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns drafts into the chunks every strategy returns: trimmed, blank ones left out, schema fields filled, children
 * numbered densely from 0 and, with {@code parent_chars > 0}, followed by their parents. Parents come after all
 * children, so the neighbours of a child (ordinal ± 1) are children too.
 */
final class ChunkAssembler {

  private ChunkAssembler() {}

  static List<Chunk> assemble(List<Draft> drafts, ChunkingSettings settings) {
    List<Draft> children = new ArrayList<>();
    for (Draft d : drafts) {
      String text = d.text().strip();
      if (text.isEmpty()) {
        continue;
      }
      int lead = d.text().indexOf(text);
      String match = d.matchText() == null || d.matchText().isBlank() ? null : d.matchText().strip();
      Map<String, String> metadata = SchemaExtractor.apply(settings.schema(), text, d.metadata());
      children.add(new Draft(text, match, d.path(), metadata, Math.max(0, d.repeated() - lead)));
    }
    List<Chunk> out = new ArrayList<>();
    List<List<Integer>> groups = settings.parentChars() > 0 ? group(children, settings.parentChars()) : List.of();
    int[] parentOf = new int[children.size()];
    for (int g = 0; g < groups.size(); g++) {
      for (int child : groups.get(g)) {
        parentOf[child] = children.size() + g;
      }
    }
    for (int i = 0; i < children.size(); i++) {
      Draft d = children.get(i);
      out.add(new Chunk(i, d.text(), d.matchText(), d.path(), d.metadata(), groups.isEmpty() ? -1 : parentOf[i],
          true));
    }
    for (int g = 0; g < groups.size(); g++) {
      out.add(parent(children.size() + g, groups.get(g), children));
    }
    return out;
  }

  /** Consecutive children under the same top heading, up to about {@code parentChars} characters each group. */
  private static List<List<Integer>> group(List<Draft> children, int parentChars) {
    List<List<Integer>> groups = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    int length = 0;
    String top = null;
    for (int i = 0; i < children.size(); i++) {
      Draft d = children.get(i);
      String childTop = d.path().isEmpty() ? "" : d.path().getFirst();
      int added = current.isEmpty() ? d.text().length() : 1 + d.text().length() - d.repeated();
      if (!current.isEmpty() && (length + added > parentChars || !childTop.equals(top))) {
        groups.add(current);
        current = new ArrayList<>();
        added = d.text().length();
        length = 0;
      }
      current.add(i);
      length += added;
      top = childTop;
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return groups;
  }

  private static Chunk parent(int ordinal, List<Integer> members, List<Draft> children) {
    StringBuilder text = new StringBuilder();
    List<String> path = children.get(members.getFirst()).path();
    Map<String, String> metadata = new LinkedHashMap<>(children.get(members.getFirst()).metadata());
    for (int i : members) {
      Draft d = children.get(i);
      if (text.isEmpty()) {
        text.append(d.text());
      } else {
        text.append('\n').append(d.text().substring(Math.min(d.repeated(), d.text().length())));
      }
      path = commonPrefix(path, d.path());
      metadata.entrySet().removeIf(e -> !Objects.equals(d.metadata().get(e.getKey()), e.getValue()));
    }
    metadata.remove("schema_errors");
    return new Chunk(ordinal, text.toString().strip(), null, path, metadata, -1, false);
  }

  private static List<String> commonPrefix(List<String> a, List<String> b) {
    int n = 0;
    while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
      n++;
    }
    return a.subList(0, n);
  }
}
