package io.jingzhi.guard.alert;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.guard.event.EventAccess;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.Tenancy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alert rules as resources. A tenant's rule counts only that tenant's decisions and is managed by the tenant's
 * {@code guard:manage} holders; platform administrators see every rule and may make platform rules (no tenant).
 */
@Service
public class AlertRuleService {

  static final Set<String> ACTIONS = Set.of("block", "answer", "mask", "allow");
  static final Set<String> RESPONSES = Set.of(AlertRule.BLOCK, AlertRule.NOTIFY);

  private final RuleRepository repository;
  private final AlertCounter counter;
  private final Tenancy tenancy;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Clock clock;

  AlertRuleService(RuleRepository repository, AlertCounter counter, Tenancy tenancy, AuditLog audit, JsonMapper json,
      Clock clock) {
    this.repository = repository;
    this.counter = counter;
    this.tenancy = tenancy;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** A rule as an operator gives it; on update a field left out keeps its value. */
  public record RuleSpec(Long tenantId, String name, Boolean enabled, String matchAction, String matchRiskType,
      String subject, Integer threshold, Integer windowMinutes, String response, Integer blockMinutes) {}

  public List<AlertRule> list(Caller caller) {
    EventAccess.requireReader(caller);
    return repository.list(caller.platformScope() ? null : caller.tenantId());
  }

  public AlertRule get(Caller caller, long id) {
    EventAccess.requireReader(caller);
    return visible(caller, id);
  }

  @Transactional
  public AlertRule create(Caller caller, RuleSpec spec) {
    caller.require(Permissions.GUARD_MANAGE);
    if (spec == null) {
      throw ApiException.badRequest("malformed_body", "The request body is missing");
    }
    Long tenant = tenantFor(caller, spec.tenantId());
    Instant now = clock.instant();
    AlertRule rule = validated(new AlertRule(0, tenant, strip(spec.name()), spec.enabled() == null || spec.enabled(),
        strip(spec.matchAction()), strip(spec.matchRiskType()), strip(spec.subject()), orZero(spec.threshold()),
        orZero(spec.windowMinutes()), strip(spec.response()), spec.blockMinutes(), now, now));
    long id = repository.insert(rule, caller.userId());
    AlertRule created = repository.find(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "guard.alert_rule.create", "guard_alert_rule", id, created.name(), null,
        json.writeValueAsString(created)));
    reloadAfterCommit();
    return created;
  }

  @Transactional
  public AlertRule update(Caller caller, long id, RuleSpec spec) {
    caller.require(Permissions.GUARD_MANAGE);
    AlertRule before = visible(caller, id);
    if (spec == null) {
      throw ApiException.badRequest("malformed_body", "The request body is missing");
    }
    AlertRule after = validated(new AlertRule(id, before.tenantId(), pick(strip(spec.name()), before.name()),
        spec.enabled() != null ? spec.enabled() : before.enabled(),
        spec.matchAction() != null ? strip(spec.matchAction()) : before.matchAction(),
        spec.matchRiskType() != null ? strip(spec.matchRiskType()) : before.matchRiskType(),
        pick(strip(spec.subject()), before.subject()),
        spec.threshold() != null ? spec.threshold() : before.threshold(),
        spec.windowMinutes() != null ? spec.windowMinutes() : before.windowMinutes(),
        pick(strip(spec.response()), before.response()),
        spec.blockMinutes() != null ? spec.blockMinutes() : before.blockMinutes(), before.createdAt(),
        clock.instant()));
    repository.update(after);
    AlertRule stored = repository.find(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "guard.alert_rule.update", "guard_alert_rule", id, stored.name(),
        json.writeValueAsString(before), json.writeValueAsString(stored)));
    reloadAfterCommit();
    return stored;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    AlertRule rule = visible(caller, id);
    repository.delete(id);
    audit.record(AuditRecord.success(caller, "guard.alert_rule.delete", "guard_alert_rule", id, rule.name(),
        json.writeValueAsString(rule), null));
    reloadAfterCommit();
  }

  private AlertRule visible(Caller caller, long id) {
    AlertRule rule = repository.find(id).orElseThrow(() -> ApiException.notFound("guard_alert_rule", id));
    if (!caller.platformScope() && (rule.tenantId() == null || rule.tenantId() != caller.tenantId())) {
      throw ApiException.notFound("guard_alert_rule", id);
    }
    return rule;
  }

  /** The tenant of a new rule: any tenant (or none) for platform administrators, the own one for everybody else. */
  private Long tenantFor(Caller caller, Long requested) {
    if (!caller.platformScope()) {
      if (requested != null && requested != caller.tenantId()) {
        throw ApiException.notFound("org", requested);
      }
      return caller.tenantId();
    }
    if (requested != null && tenancy.tenantOf(requested) != requested) {
      throw ApiException.invalid("tenant_id", "org " + requested + " is not a tenant");
    }
    return requested;
  }

  private static AlertRule validated(AlertRule r) {
    if (r.name() == null || r.name().length() > 128) {
      throw ApiException.invalid("name", "required, at most 128 characters");
    }
    if (r.matchAction() != null && !ACTIONS.contains(r.matchAction())) {
      throw ApiException.invalid("match_action", "must be block, answer, mask or allow");
    }
    if (r.matchRiskType() != null && !r.matchRiskType().equals(io.jingzhi.guard.engine.GuardEngine.PROMPT_ATTACK)
        && io.jingzhi.guard.engine.lexicon.RiskType.byCode(r.matchRiskType()).isEmpty()) {
      // A code no verdict ever carries would make a rule that never fires.
      throw ApiException.invalid("match_risk_type", "one risk type: prompt-attack or a TC260-003 code such as A.1.1");
    }
    if (r.matchAction() == null && r.matchRiskType() == null) {
      throw ApiException.invalid("match_action", "give match_action, match_risk_type or both");
    }
    if (r.subject() == null || !Subjects.ALL.contains(r.subject())) {
      throw ApiException.invalid("subject", "must be user, api_key or ip");
    }
    if (r.threshold() < 1 || r.threshold() > 10_000) {
      throw ApiException.invalid("threshold", "must be between 1 and 10000");
    }
    if (r.windowMinutes() < 1 || r.windowMinutes() > 1440) {
      throw ApiException.invalid("window_minutes", "must be between 1 and 1440 (a day)");
    }
    if (r.response() == null || !RESPONSES.contains(r.response())) {
      throw ApiException.invalid("response", "must be block or notify");
    }
    if (AlertRule.BLOCK.equals(r.response())
        && (r.blockMinutes() == null || r.blockMinutes() < 1 || r.blockMinutes() > 43_200)) {
      throw ApiException.invalid("block_minutes", "a blocking rule needs 1 to 43200 minutes (30 days)");
    }
    return r;
  }

  /** The counter reads the rules from the database, so it must see the committed change. */
  private void reloadAfterCommit() {
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        counter.reload();
      }
    });
  }

  private static String strip(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String pick(String given, String current) {
    return given != null ? given : current;
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
