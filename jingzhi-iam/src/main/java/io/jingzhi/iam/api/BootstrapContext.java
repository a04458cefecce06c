package io.jingzhi.iam.api;

import java.util.Optional;

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
}
