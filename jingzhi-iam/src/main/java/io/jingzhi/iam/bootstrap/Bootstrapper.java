package io.jingzhi.iam.bootstrap;

import io.jingzhi.iam.IamProperties;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.BootstrapSection;
import io.jingzhi.iam.audit.AuditJson;
import io.jingzhi.iam.user.PasswordPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies the bootstrap file ({@code JINGZHI_BOOTSTRAP}) at every start: parse, check everything against the
 * stored state, then write the IAM part and every module's {@link BootstrapSection} in one transaction, and record
 * one audit event when something changed. Any problem stops the start with all problems listed; nothing is
 * half-applied. Generated API keys are printed once, after the commit.
 */
@Component
public class Bootstrapper {

  private static final Logger log = LoggerFactory.getLogger(Bootstrapper.class);
  private static final Pattern SECTION_KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final IamProperties properties;
  private final Map<String, BootstrapSection> sections = new LinkedHashMap<>();
  private final Placeholders placeholders;
  private final Stored stored;
  private final PasswordPolicy policy;
  private final BootstrapApplier applier;
  private final AuditLog audit;
  private final AuditJson auditJson;
  private final TransactionTemplate transaction;
  private final Clock clock;

  Bootstrapper(IamProperties properties, ObjectProvider<BootstrapSection> sections, EnvLookup env,
      FirstStart firstStart, Stored stored, PasswordPolicy policy, BootstrapApplier applier, AuditLog audit,
      AuditJson auditJson, PlatformTransactionManager transactionManager, Clock clock) {
    this.properties = properties;
    sections.orderedStream().forEach(this::register);
    this.placeholders = new Placeholders(env, firstStart::effectiveAdminPassword);
    this.stored = stored;
    this.policy = policy;
    this.applier = applier;
    this.audit = audit;
    this.auditJson = auditJson;
    this.transaction = new TransactionTemplate(transactionManager);
    this.clock = clock;
  }

  /** What one apply did. */
  public record Result(String source, List<String> changes, int generatedKeys) {
    static final Result NONE = new Result(null, List.of(), 0);
  }

  /** Applies the configured file, if any ({@code jingzhi.iam.bootstrap}). */
  public Result applyConfigured() {
    String file = properties.bootstrap();
    return file == null || file.isBlank() ? Result.NONE : apply(Path.of(file.strip()));
  }

  /** Applies one file; throws {@link BootstrapException} naming every problem when it cannot. */
  public Result apply(Path file) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BootstrapException(source, List.of("cannot read the file (JINGZHI_BOOTSTRAP): " + e));
    }
    Problems problems = new Problems();
    BootstrapFile parsed = new BootstrapParser(placeholders, sections.keySet()).parse(source, text, problems);
    if (parsed == null) {
      problems.throwIfAny(source);
    }
    List<String> changes = new ArrayList<>();
    var generated = transaction.execute(status -> applyInTransaction(parsed, problems, changes));
    changes.forEach(c -> log.info("Bootstrap: {}", c));
    generated.forEach(k -> log.warn("Bootstrap generated API key \"{}\" of app {}: {} (shown only this once)",
        k.name(), k.app(), k.secret()));
    log.info("Bootstrap file {} applied: {}", source, changes.isEmpty() ? "no changes" : changes.size() + " changes");
    return new Result(source, List.copyOf(changes), generated.size());
  }

  private List<BootstrapApplier.GeneratedKey> applyInTransaction(BootstrapFile file, Problems problems,
      List<String> changes) {
    BootstrapPlan plan = new BootstrapPlanner(stored, placeholders, policy, clock.instant()).plan(file, problems);
    FileContext context = new FileContext(file, problems, placeholders, stored, changes);
    eachSection(file, (section, node) -> section.validate(node, context));
    problems.throwIfAny(file.source());
    plan.warnings().forEach(w -> log.warn("Bootstrap: {}", w));
    var generated = applier.apply(file, plan, changes::add);
    eachSection(file, (section, node) -> section.apply(node, context));
    problems.throwIfAny(file.source());
    if (!changes.isEmpty()) {
      audit.record(new AuditRecord(null, "bootstrap", null, null, "bootstrap.apply", "bootstrap_file", null,
          file.source(), null, auditJson.of(Map.of("file", file.source(), "changes", changes)), true,
          changes.size() + " change(s)"));
    }
    return generated;
  }

  private void eachSection(BootstrapFile file, java.util.function.BiConsumer<BootstrapSection,
      tools.jackson.databind.JsonNode> action) {
    sections.forEach((key, section) -> {
      var node = file.sections().get(key);
      if (node != null) {
        action.accept(section, node);
      }
    });
  }

  private void register(BootstrapSection section) {
    String key = section.key();
    if (key == null || !SECTION_KEY.matcher(key).matches() || BootstrapParser.IAM_KEYS.contains(key)) {
      throw new IllegalStateException("Bootstrap section " + section.getClass().getName()
          + " has an invalid or reserved key: " + key);
    }
    BootstrapSection other = sections.putIfAbsent(key, section);
    if (other != null) {
      throw new IllegalStateException("Bootstrap section key " + key + " is claimed by both "
          + other.getClass().getName() + " and " + section.getClass().getName());
    }
  }
}
