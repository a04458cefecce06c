package io.jingzhi.guard.policy;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.Tenancy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Manages guard policies. A tenant's policy managers ({@code guard:manage}) manage their tenant's policies and
 * read the platform's; platform administrators manage platform policies (tenant null, applied to every tenant)
 * and every tenant's. Another tenant's policies answer 404.
 */
@Service
public class PolicyService {

  static final String RESOURCE = "guard_policy";

  private final PolicyRepository repository;
  private final Tenancy tenancy;
  private final AuditLog audit;
  private final JsonMapper json;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  PolicyService(PolicyRepository repository, Tenancy tenancy, AuditLog audit, JsonMapper json,
      ApplicationEventPublisher events, Clock clock) {
    this.repository = repository;
    this.tenancy = tenancy;
    this.audit = audit;
    this.json = json;
    this.events = events;
    this.clock = clock;
  }

  public PageResult<Policy> list(Caller caller, String tenant, String q, String action, String mode,
      Boolean enabled, PageQuery page) {
    caller.require(Permissions.GUARD_MANAGE);
    boolean platformOnly = "platform".equals(tenant);
    List<Long> tenants = caller.platformScope() ? null : List.of(caller.tenantId());
    if (tenant != null && !platformOnly) {
      long id;
      try {
        id = Long.parseLong(tenant);
      } catch (NumberFormatException e) {
        throw ApiException.invalid("tenant_id", "must be a tenant id or platform");
      }
      if (!caller.canSeeTenant(id)) {
        throw ApiException.notFound("tenant", id);
      }
      tenants = List.of(id);
    }
    if (action != null && !PolicyRules.ACTIONS.contains(action)) {
      throw ApiException.invalid("action", "must be one of " + String.join(", ", PolicyRules.ACTIONS));
    }
    if (mode != null && !PolicyRules.MODES.contains(mode)) {
      throw ApiException.invalid("mode", "must be monitor or enforce");
    }
    return repository.page(new PolicyRepository.Filter(tenants, platformOnly, q, action, mode, enabled), page);
  }

  public Policy get(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    return visible(caller, id);
  }

  @Transactional
  public Policy create(Caller caller, PolicySpec spec) {
    caller.require(Permissions.GUARD_MANAGE);
    Long tenant = tenancy.ownerTenant(caller, spec.tenantId());
    Policy created = save(null, spec, tenant, caller.userId());
    audit.record(AuditRecord.success(caller, "guard.policy.create", RESOURCE, created.id(), created.code(), null,
        json.writeValueAsString(created)));
    return created;
  }

  @Transactional
  public Policy update(Caller caller, long id, PolicySpec spec) {
    caller.require(Permissions.GUARD_MANAGE);
    Policy before = writable(caller, id);
    if (spec.tenantId() != null && !spec.tenantId().equals(before.tenantId())) {
      throw ApiException.invalid("tenant_id", "a policy cannot move to another tenant; create a new one");
    }
    Policy after = save(before, spec, before.tenantId(), null);
    audit.record(AuditRecord.success(caller, "guard.policy.update", RESOURCE, id, after.code(),
        json.writeValueAsString(before), json.writeValueAsString(after)));
    return after;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    Policy before = writable(caller, id);
    repository.delete(id);
    events.publishEvent(new PolicyCatalog.PoliciesChanged());
    audit.record(AuditRecord.success(caller, "guard.policy.delete", RESOURCE, id, before.code(),
        json.writeValueAsString(before), null));
  }

  /** Gives the listed policies the priorities 10, 20, 30… in the order given. */
  @Transactional
  public List<Policy> reorder(Caller caller, List<Long> ids) {
    caller.require(Permissions.GUARD_MANAGE);
    if (ids == null || ids.isEmpty() || ids.size() > 10_000) {
      throw ApiException.invalid("ids", "list the ids of the policies in their new order");
    }
    if (new HashSet<>(ids).size() != ids.size() || ids.contains(null)) {
      throw ApiException.invalid("ids", "each policy may appear once");
    }
    List<Policy> policies = ids.stream().map(id -> writable(caller, id)).toList();
    Instant now = clock.instant();
    List<String> before = policies.stream().map(p -> p.code() + "=" + p.priority()).toList();
    for (int i = 0; i < ids.size(); i++) {
      repository.setPriority(ids.get(i), (i + 1) * 10, now);
    }
    List<Policy> after = ids.stream().map(id -> repository.find(id).orElseThrow()).toList();
    events.publishEvent(new PolicyCatalog.PoliciesChanged());
    audit.record(AuditRecord.success(caller, "guard.policy.reorder", RESOURCE, null, null,
        json.writeValueAsString(before),
        json.writeValueAsString(after.stream().map(p -> p.code() + "=" + p.priority()).toList())));
    return after;
  }

  /** Creates the policy, or brings the one with the same tenant and code in line with the spec (bootstrap). */
  @Transactional
  public Policy upsert(PolicySpec spec, Long tenantId) {
    Policy existing = spec.code() == null ? null : repository.findByCode(tenantId, spec.code()).orElse(null);
    return save(existing, spec, tenantId, null);
  }

  /** Problems of a spec as it would be stored for this tenant, without storing it (bootstrap validation). */
  List<FieldError> problems(PolicySpec given, Long tenantId) {
    PolicySpec spec = cleared(given);
    List<FieldError> out = new ArrayList<>(PolicyRules.check(spec));
    if (out.isEmpty()) {
      out.addAll(references(spec, tenantId));
    }
    return out;
  }

  private Policy save(Policy existing, PolicySpec given, Long tenantId, Long createdBy) {
    PolicySpec spec = cleared(existing == null ? given : merge(existing, given));
    List<FieldError> problems = problems(spec, tenantId);
    if (!problems.isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "validation_failed", problems.getFirst().field() + ": "
          + problems.getFirst().message(), problems);
    }
    var sameCode = repository.findByCode(tenantId, spec.code());
    if (sameCode.isPresent() && (existing == null || sameCode.get().id() != existing.id())) {
      throw ApiException.conflict("guard_policy.code_taken", "A policy with the code " + spec.code()
          + " already exists " + (tenantId == null ? "on the platform" : "in this tenant"));
    }
    Instant now = clock.instant();
    int priority = spec.priority() != null ? spec.priority() : repository.maxPriority() + 10;
    Policy shape = new Policy(existing == null ? 0 : existing.id(), tenantId, spec.code(), spec.name().strip(),
        blankToNull(spec.description()), priority, spec.enabled() == null || spec.enabled(),
        spec.mode() == null ? "enforce" : spec.mode(), orEveryone(spec.scope()),
        spec.conditions() == null ? PolicyConditions.ANY : spec.conditions(), orEveryone(spec.exceptions()),
        spec.action(), blankToNull(spec.refusalText()),
        spec.maskStrategy() == null ? null : spec.maskStrategy().toLowerCase(), blankToNull(spec.answerText()),
        blankToNull(spec.answerGroup()), blankToNull(spec.redirectUrl()),
        existing == null ? now : existing.createdAt(), now);
    long id = existing == null ? repository.insert(shape, createdBy) : existing.id();
    if (existing != null) {
      repository.update(shape);
    }
    events.publishEvent(new PolicyCatalog.PoliciesChanged());
    return repository.find(id).orElseThrow();
  }

  /** Apps and orgs named by a tenant's policy must be the tenant's own. */
  private List<FieldError> references(PolicySpec spec, Long tenantId) {
    List<FieldError> out = new ArrayList<>();
    for (String part : List.of("scope", "exceptions")) {
      PolicyScope s = orEveryone(part.equals("scope") ? spec.scope() : spec.exceptions());
      for (int i = 0; i < s.apps().size(); i++) {
        var owner = repository.appTenant(s.apps().get(i));
        if (owner.isEmpty() || tenantId != null && !owner.get().equals(tenantId)) {
          out.add(new FieldError(part + ".apps[" + i + "]", "no app " + s.apps().get(i)
              + (tenantId == null ? "" : " in this tenant")));
        }
      }
      for (int i = 0; i < s.orgs().size(); i++) {
        var owner = repository.orgTenant(s.orgs().get(i));
        if (owner.isEmpty() || tenantId != null && !owner.get().equals(tenantId)) {
          out.add(new FieldError(part + ".orgs[" + i + "]", "no org " + s.orgs().get(i)
              + (tenantId == null ? "" : " in this tenant")));
        }
      }
    }
    return out;
  }

  private Policy visible(Caller caller, long id) {
    Policy p = repository.find(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
    if (p.tenantId() != null && !caller.canSeeTenant(p.tenantId())) {
      throw ApiException.notFound(RESOURCE, id);
    }
    return p;
  }

  private Policy writable(Caller caller, long id) {
    Policy p = visible(caller, id);
    if (p.tenantId() == null && !caller.platformScope()) {
      throw ApiException.forbidden("guard_policy.platform_only",
          "Policy " + p.code() + " is a platform policy; only platform administrators change it");
    }
    return p;
  }

  /** A field left out (null) keeps its value; an empty text clears it. */
  private static PolicySpec merge(Policy p, PolicySpec s) {
    String action = s.action() != null ? s.action() : p.action();
    boolean sameAction = Objects.equals(action, p.action());
    return new PolicySpec(p.tenantId(), s.code() != null ? s.code() : p.code(),
        s.name() != null ? s.name() : p.name(), s.description() != null ? s.description() : p.description(),
        s.priority() != null ? s.priority() : p.priority(), s.enabled() != null ? s.enabled() : p.enabled(),
        s.mode() != null ? s.mode() : p.mode(), s.scope() != null ? s.scope() : p.scope(),
        s.conditions() != null ? s.conditions() : p.conditions(),
        s.exceptions() != null ? s.exceptions() : p.exceptions(), action,
        // Settings of another action do not survive a change of action.
        keep(s.refusalText(), p.refusalText(), sameAction), keep(s.maskStrategy(), p.maskStrategy(), sameAction),
        keep(s.answerText(), p.answerText(), sameAction), keep(s.answerGroup(), p.answerGroup(), sameAction),
        keep(s.redirectUrl(), p.redirectUrl(), sameAction));
  }

  private static String keep(String given, String stored, boolean sameAction) {
    if (given != null) {
      return given.isBlank() ? null : given;
    }
    return sameAction ? stored : null;
  }

  private static PolicyScope orEveryone(PolicyScope s) {
    return s == null ? PolicyScope.EVERYONE : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static PolicySpec cleared(PolicySpec s) {
    return new PolicySpec(s.tenantId(), s.code(), s.name(), s.description(), s.priority(), s.enabled(), s.mode(),
        s.scope(), s.conditions(), s.exceptions(), s.action(), blankToNull(s.refusalText()),
        blankToNull(s.maskStrategy()), blankToNull(s.answerText()), blankToNull(s.answerGroup()),
        blankToNull(s.redirectUrl()));
  }
}
