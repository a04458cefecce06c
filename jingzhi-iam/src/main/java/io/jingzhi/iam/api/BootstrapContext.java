package io.jingzhi.iam.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link BootstrapSection} may use while it validates and applies its part of the bootstrap file:
 * problem reporting with field paths, {@code ${ENV_VAR}} resolution, the codes the file and the database know,
 * and the change log that ends up in the audit trail.
 */
public interface BootstrapContext {

  /** The file being applied, for messages. */
  String source();

  /** Reports a problem at a field path such as {@code models[2].endpoint}; the start fails with all of them. */
  void problem(String path, String message);

  /**
   * Resolves {@code ${ENV_VAR}} and {@code ${ENV_VAR:default}} references in a value. Resolve a secret only
   * when it is needed (when the thing it protects is created), so later starts work without it. When a
   * reference cannot be resolved a problem is reported at {@code path} and the result is empty.
   */
  Optional<String> resolve(String path, String text);

  /** True when an organization with this code is declared in the file or stored. */
  boolean orgExists(String code);

  /** True when a project with this code is declared in the file or stored. */
  boolean projectExists(String code);

  /** True when an app with this code is declared in the file or stored. */
  boolean appExists(String code);

  /** The stored id of an organization; during apply every org of the file is already stored. */
  Optional<Long> orgId(String code);

  /** The stored id of a project; during apply every project of the file is already stored. */
  Optional<Long> projectId(String code);

  /** The stored id of an app; during apply every app of the file is already stored. */
  Optional<Long> appId(String code);

  /** Records a change (no secrets) for the log and the one audit event of this start. */
  void changed(String summary);

  /** A path the file gives relative to itself (documents, app files, seed scripts), made absolute. */
  default Path besideFile(String relative) {
    Path file = Path.of(source()).toAbsolutePath();
    Path dir = file.getParent() == null ? Path.of(".") : file.getParent();
    return dir.resolve(relative).normalize();
  }

  /**
   * Checks that a node is a mapping with known fields only: reports "must be a mapping" at {@code path} and answers
   * false when it is not; reports each other field as "unknown field" at {@code path.field}.
   */
  default boolean mapping(JsonNode node, Set<String> known, String path) {
    if (!node.isObject()) {
      problem(path, "must be a mapping");
      return false;
    }
    List<String> unknown = new ArrayList<>();
    node.propertyNames().forEach(f -> {
      if (!known.contains(f)) {
        unknown.add(f);
      }
    });
    unknown.forEach(f -> problem(path + "." + f, "unknown field"));
    return true;
  }
}
