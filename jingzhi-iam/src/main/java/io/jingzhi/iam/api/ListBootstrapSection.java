package io.jingzhi.iam.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A {@link BootstrapSection} whose value is a list of entries ({@code models}, {@code limits},
 * {@code knowledge_bases} ...): the key, the order, the "must be a list" check and the field path of each entry
 * ({@code key[i]}) live here, so a section says only what one entry is.
 */
public abstract class ListBootstrapSection implements BootstrapSection {

  private final String key;
  private final int order;
  private final String entries;

  /**
   * @param key the top-level key of the file
   * @param order where the section applies among the others (see {@link BootstrapSection#getOrder()})
   * @param entries what the list holds, for the problem "must be a list of ..."
   */
  protected ListBootstrapSection(String key, int order, String entries) {
    this.key = key;
    this.order = order;
    this.entries = entries;
  }

  /** One entry of the list with its field path. */
  protected record Entry(JsonNode node, String path) {}

  @Override
  public final String key() {
    return key;
  }

  @Override
  public final int getOrder() {
    return order;
  }

  /** Reports a section that is not a list, else checks every entry in turn. */
  @Override
  public final void validate(JsonNode section, BootstrapContext ctx) {
    if (!section.isArray()) {
      ctx.problem(key, "must be a list of " + entries);
      return;
    }
    Set<String> declared = new HashSet<>();
    for (Entry entry : entries(section)) {
      validate(entry.node(), entry.path(), declared, ctx);
    }
  }

  /**
   * Checks one entry found at {@code path}; must not write. {@code declared} is shared by the entries of one
   * validation, for the "declared twice" check of whatever identifies an entry.
   */
  protected abstract void validate(JsonNode entry, String path, Set<String> declared, BootstrapContext ctx);

  /** The entries of a section that passed {@link #validate(JsonNode, BootstrapContext)}, in file order. */
  protected final List<Entry> entries(JsonNode section) {
    List<Entry> out = new ArrayList<>(section.size());
    for (int i = 0; i < section.size(); i++) {
      out.add(new Entry(section.get(i), key + "[" + i + "]"));
    }
    return out;
  }

  /** The text of a field, or null when it is absent or null. */
  protected static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asString() : null;
  }
}
