package io.jingzhi.guard.pii;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.guard.engine.GuardException;
import io.jingzhi.guard.engine.pii.CustomRule;
import io.jingzhi.guard.engine.pii.CustomRuleStore;
import io.jingzhi.guard.engine.pii.MaskStrategy;
import io.jingzhi.guard.engine.pii.Masker;
import io.jingzhi.guard.engine.pii.PiiMatch;
import io.jingzhi.guard.engine.pii.PiiType;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.Tenancy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Custom sensitive-data rules and clear-text roles of each tenant. A rule is compiled and checked when it is saved
 * (an invalid or dangerous expression is refused with the reason); the enabled rules of every tenant live in the
 * engine's {@link CustomRuleStore}, reloaded after each change and by a poll for changes made on other replicas.
 */
@Service
public class PiiRuleService implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(PiiRuleService.class);
  static final int MAX_TRY_CHARS = 10_000;
  static final int MAX_CLEAR_TEXT_ROLES = 50;

  private final PiiRuleRepository repository;
  private final CustomRuleStore store;
  private final ClearTextRoles clearText;
  private final Masker masker;
  private final Tenancy tenancy;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Clock clock;
  /** Tenants whose rules are in the store, so that a tenant's last rule going away empties its set. */
  private Set<String> loadedTenants = Set.of();

  public PiiRuleService(PiiRuleRepository repository, CustomRuleStore store, ClearTextRoles clearText,
      Masker masker, Tenancy tenancy, AuditLog audit, JsonMapper json, Clock clock) {
    this.repository = repository;
    this.store = store;
    this.clearText = clearText;
    this.masker = masker;
    this.tenancy = tenancy;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** A rule as an operator gives it; {@code tenantId} only for platform administrators (default: own tenant). */
  public record RuleSpec(String name, String kind, String pattern, String label, String maskStrategy,
      Boolean enabled, Long tenantId) {}

  /** A rule to try on a sample text without saving it. */
  public record TrySpec(String kind, String pattern, String label, String maskStrategy, String text) {}

  /** One match of a tried rule: offsets in the sample text. */
  public record TryMatch(int start, int end, String value) {}

  public record TryResult(List<TryMatch> matches, String maskedText) {}

  /** The roles of a tenant allowed to see personal data in clear text. */
  public record ClearTextSpec(Long tenantId, List<String> roles) {}

  public List<PiiRule> list(Caller caller, Long tenantId) {
    caller.require(Permissions.GUARD_MANAGE);
    if (tenantId != null) {
      return repository.ofTenant(visibleTenant(caller, tenantId));
    }
    return caller.platformScope() ? repository.all() : repository.ofTenant(caller.tenantId());
  }

  public PiiRule get(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    PiiRule rule = repository.find(id).orElseThrow(() -> ApiException.notFound("pii_rule", id));
    if (!caller.canSeeTenant(rule.tenantId())) {
      throw ApiException.notFound("pii_rule", id);
    }
    return rule;
  }

  @Transactional
  public PiiRule create(Caller caller, RuleSpec spec) {
    caller.require(Permissions.GUARD_MANAGE);
    long tenant = spec.tenantId() == null ? caller.tenantId() : visibleTenant(caller, spec.tenantId());
    PiiRule rule = validated(new PiiRule(0, tenant, spec.name(), spec.kind(), spec.pattern(), spec.label(),
        spec.maskStrategy(), spec.enabled() == null || spec.enabled(), null, null), -1);
    long id = repository.insert(rule, clock.instant());
    PiiRule created = repository.find(id).orElseThrow();
    afterCommit(this::refresh);
    audit.record(AuditRecord.success(caller, "guard.pii_rule.create", "guard_pii_rule", id, created.name(), null,
        json.writeValueAsString(created)));
    return created;
  }

  @Transactional
  public PiiRule update(Caller caller, long id, RuleSpec spec) {
    PiiRule before = get(caller, id);
    PiiRule rule = validated(new PiiRule(id, before.tenantId(), or(spec.name(), before.name()),
        or(spec.kind(), before.kind()), or(spec.pattern(), before.pattern()),
        spec.label() != null ? spec.label() : before.label(),
        spec.maskStrategy() != null ? spec.maskStrategy() : before.maskStrategy(),
        spec.enabled() != null ? spec.enabled() : before.enabled(), before.createdAt(), null), id);
    repository.update(rule, clock.instant());
    PiiRule after = repository.find(id).orElseThrow();
    afterCommit(this::refresh);
    audit.record(AuditRecord.success(caller, "guard.pii_rule.update", "guard_pii_rule", id, after.name(),
        json.writeValueAsString(before), json.writeValueAsString(after)));
    return after;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    PiiRule rule = get(caller, id);
    repository.delete(id);
    afterCommit(this::refresh);
    audit.record(AuditRecord.success(caller, "guard.pii_rule.delete", "guard_pii_rule", id, rule.name(),
        json.writeValueAsString(rule), null));
  }

  /** Runs a rule on a sample text, as the check would, without saving it: the "try it" box. */
  public TryResult tryRule(Caller caller, TrySpec spec) {
    caller.require(Permissions.GUARD_MANAGE);
    String text = spec.text() == null ? "" : spec.text();
    if (text.length() > MAX_TRY_CHARS) {
      throw ApiException.invalid("text", "at most " + MAX_TRY_CHARS + " characters");
    }
    CustomRule rule = compile("try", spec.kind(), spec.pattern(), spec.label(), spec.maskStrategy());
    List<PiiMatch> matches = rule.detect(text);
    MaskStrategy strategy = rule.strategy() == null ? MaskStrategy.PARTIAL : rule.strategy();
    String label = rule.label() == null ? PiiType.CUSTOM.token() : rule.label();
    String masked = masker.mask(text, matches, m -> strategy, m -> label);
    return new TryResult(matches.stream().map(m -> new TryMatch(m.span().start(), m.span().end(), m.value()))
        .toList(), masked);
  }

  public ClearTextSpec clearTextRoles(Caller caller, Long tenantId) {
    caller.require(Permissions.GUARD_MANAGE);
    long tenant = tenantId == null ? caller.tenantId() : visibleTenant(caller, tenantId);
    return new ClearTextSpec(tenant, new ArrayList<>(repository.clearTextRoles(tenant)));
  }

  @Transactional
  public ClearTextSpec setClearTextRoles(Caller caller, ClearTextSpec spec) {
    caller.require(Permissions.GUARD_MANAGE);
    long tenant = spec.tenantId() == null ? caller.tenantId() : visibleTenant(caller, spec.tenantId());
    if (spec.roles() == null) {
      throw ApiException.invalid("roles", "must be a list of role codes (empty: mask for everybody)");
    }
    Set<String> roles = new TreeSet<>();
    for (String role : spec.roles()) {
      if (role == null || !role.strip().matches("[A-Za-z0-9_.:-]{1,64}")) {
        throw ApiException.invalid("roles", "role codes are letters, digits and _ . : - (max 64)");
      }
      roles.add(role.strip());
    }
    if (roles.size() > MAX_CLEAR_TEXT_ROLES) {
      throw ApiException.invalid("roles", "at most " + MAX_CLEAR_TEXT_ROLES + " roles");
    }
    Set<String> before = repository.clearTextRoles(tenant);
    repository.replaceClearTextRoles(tenant, roles);
    afterCommit(this::refresh);
    audit.record(AuditRecord.success(caller, "guard.clear_text_roles.update", "guard_clear_text_roles", tenant,
        null, json.writeValueAsString(before), json.writeValueAsString(roles)));
    return new ClearTextSpec(tenant, new ArrayList<>(roles));
  }

  @Override
  public void run(ApplicationArguments args) {
    refresh();
  }

  /** Loads every tenant's enabled rules and clear-text roles into memory (cheap: a few rows per tenant). */
  @Scheduled(fixedDelayString = "${jingzhi.guard.lexicon-refresh:PT10S}",
      initialDelayString = "${jingzhi.guard.lexicon-refresh:PT10S}")
  public synchronized void refresh() {
    try {
      Map<Long, List<CustomRule>> byTenant = new HashMap<>();
      for (PiiRule r : repository.all()) {
        if (!r.enabled()) {
          continue;
        }
        try {
          byTenant.computeIfAbsent(r.tenantId(), k -> new ArrayList<>())
              .add(compile(r.name(), r.kind(), r.pattern(), r.label(), r.maskStrategy()));
        } catch (ApiException e) {
          log.warn("Custom rule {} of tenant {} no longer compiles and is skipped: {}", r.name(), r.tenantId(),
              e.getMessage());
        }
      }
      Set<String> tenants = new HashSet<>();
      byTenant.forEach((tenant, rules) -> {
        tenants.add(tenant.toString());
        store.swap(tenant.toString(), rules);
      });
      loadedTenants.stream().filter(t -> !tenants.contains(t)).forEach(t -> store.swap(t, List.of()));
      loadedTenants = tenants;
      clearText.replace(repository.allClearTextRoles());
    } catch (RuntimeException e) {
      log.warn("Could not refresh the custom sensitive-data rules; keeping the loaded ones: {}", e.getMessage());
    }
  }

  private PiiRule validated(PiiRule r, long exceptId) {
    String name = r.name() == null ? "" : r.name().strip();
    if (name.isEmpty() || name.length() > 128) {
      throw ApiException.invalid("name", "1 to 128 characters");
    }
    if (repository.nameTaken(r.tenantId(), name, exceptId)) {
      throw ApiException.conflict("guard.pii_rule.name_taken", "A rule named " + name + " already exists");
    }
    String label = r.label() == null || r.label().isBlank() ? null : r.label().strip();
    if (label != null && label.length() > 64) {
      throw ApiException.invalid("label", "at most 64 characters");
    }
    String strategy = r.maskStrategy() == null || r.maskStrategy().isBlank() ? null
        : r.maskStrategy().strip().toLowerCase(Locale.ROOT);
    String kind = r.kind() == null ? "regex" : r.kind().strip().toLowerCase(Locale.ROOT);
    compile(name, kind, r.pattern(), label, strategy);
    return new PiiRule(r.id(), r.tenantId(), name, kind, r.pattern(), label, strategy, r.enabled(), r.createdAt(),
        r.updatedAt());
  }

  /** The engine rule; a 400 naming the field and the reason when it cannot be one. */
  static CustomRule compile(String name, String kind, String pattern, String label, String strategy) {
    MaskStrategy mask = null;
    if (strategy != null && !strategy.isBlank()) {
      try {
        mask = MaskStrategy.valueOf(strategy.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("mask_strategy", "must be full, partial, token, hash or shuffle");
      }
    }
    String k = kind == null ? "regex" : kind.strip().toLowerCase(Locale.ROOT);
    try {
      CustomRule rule = switch (k) {
        case "literal" -> CustomRule.literal(name, pattern);
        case "regex" -> CustomRule.regex(name, pattern);
        default -> throw ApiException.invalid("kind", "must be literal or regex");
      };
      return rule.masking(label, mask);
    } catch (GuardException e) {
      throw ApiException.invalid("pattern", e.getMessage());
    }
  }

  private long visibleTenant(Caller caller, long tenantId) {
    if (!caller.canSeeTenant(tenantId)) {
      throw ApiException.notFound("tenant", tenantId);
    }
    if (tenantId != caller.tenantId() && tenancy.tenantOf(tenantId) != tenantId) {
      throw ApiException.invalid("tenant_id", "is an org inside a tenant, not a tenant");
    }
    return tenantId;
  }

  private static String or(String value, String fallback) {
    return value != null ? value : fallback;
  }

  private static void afterCommit(Runnable action) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          action.run();
        }
      });
    } else {
      action.run();
    }
  }
}
