package io.jingzhi.iam.api;

import org.springframework.core.Ordered;
import tools.jackson.databind.JsonNode;

/**
 * One top-level section of the bootstrap file ({@code JINGZHI_BOOTSTRAP}) owned by a module other than IAM,
 * such as {@code models} (gateway) or {@code knowledge_bases} (knowledge). A module declares a bean of this type
 * and the bootstrap hands it its section; without an owner a top-level key stops the start.
 *
 * <p>Every start runs in two phases inside one transaction: first {@link #validate} of the IAM part and of every
 * section (report problems, write nothing), then, when no problem was reported anywhere, the IAM part is applied
 * and then {@link #apply} of every section in {@link #getOrder() order}. A problem reported or an exception thrown
 * during apply rolls the whole file back and stops the start. Apply must be idempotent: the same file is applied
 * at every start, so create what is missing, refresh what differs and report each real change with
 * {@link BootstrapContext#changed}.
 */
public interface BootstrapSection extends Ordered {

  /** The top-level key of the file this section owns, in snake_case (for example {@code models}). */
  String key();

  /** Checks the section, reporting each problem with {@link BootstrapContext#problem}; must not write. */
  void validate(JsonNode section, BootstrapContext ctx);

  /** Brings the stored state in line with the section; runs after the organizations, users, projects and apps. */
  void apply(JsonNode section, BootstrapContext ctx);

  @Override
  default int getOrder() {
    return 0;
  }
}
