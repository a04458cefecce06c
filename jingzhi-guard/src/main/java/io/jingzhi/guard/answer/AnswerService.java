package io.jingzhi.guard.answer;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.guard.policy.PolicyRules;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.Tenancy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Manages canned answers. Like policies: a tenant's managers ({@code guard:manage}) manage their tenant's answers
 * and read the platform's; platform administrators manage the platform's and every tenant's.
 */
@Service
public class AnswerService {

  static final String RESOURCE = "guard_answer";
  static final int MAX_IMPORT_ROWS = 10_000;

  private final AnswerRepository repository;
  private final Tenancy tenancy;
  private final AuditLog audit;
  private final JsonMapper json;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  AnswerService(AnswerRepository repository, Tenancy tenancy, AuditLog audit, JsonMapper json,
      ApplicationEventPublisher events, Clock clock) {
    this.repository = repository;
    this.tenancy = tenancy;
    this.audit = audit;
    this.json = json;
    this.events = events;
    this.clock = clock;
  }

  public PageResult<CannedAnswer> list(Caller caller, String tenant, String q, String group, PageQuery page) {
    caller.require(Permissions.GUARD_MANAGE);
    boolean platformOnly = "platform".equals(tenant);
    List<Long> tenants = caller.platformScope() ? null : List.of(caller.tenantId());
    if (tenant != null && !platformOnly) {
      long id = tenantId(tenant);
      if (!caller.canSeeTenant(id)) {
        throw ApiException.notFound("tenant", id);
      }
      tenants = List.of(id);
    }
    return repository.page(tenants, platformOnly, q, group, page);
  }

  /** Every answer the caller may read, for export. */
  public List<CannedAnswer> export(Caller caller, String tenant) {
    List<CannedAnswer> out = new ArrayList<>();
    for (int page = 1; ; page++) {
      var items = list(caller, tenant, null, null, new PageQuery(page, PageQuery.MAX_SIZE)).items();
      out.addAll(items);
      if (items.size() < PageQuery.MAX_SIZE) {
        return out;
      }
    }
  }

  public CannedAnswer get(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    return visible(caller, id);
  }

  @Transactional
  public CannedAnswer create(Caller caller, AnswerSpec spec) {
    caller.require(Permissions.GUARD_MANAGE);
    CannedAnswer created = save(null, spec, tenancy.ownerTenant(caller, spec.tenantId()), caller.userId(), "");
    audit.record(AuditRecord.success(caller, "guard.answer.create", RESOURCE, created.id(), excerpt(created), null,
        json.writeValueAsString(created)));
    return created;
  }

  @Transactional
  public CannedAnswer update(Caller caller, long id, AnswerSpec spec) {
    caller.require(Permissions.GUARD_MANAGE);
    CannedAnswer before = writable(caller, id);
    if (spec.tenantId() != null && !spec.tenantId().equals(before.tenantId())) {
      throw ApiException.invalid("tenant_id", "an answer cannot move to another tenant");
    }
    CannedAnswer after = save(before, spec, before.tenantId(), null, "");
    audit.record(AuditRecord.success(caller, "guard.answer.update", RESOURCE, id, excerpt(after),
        json.writeValueAsString(before), json.writeValueAsString(after)));
    return after;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    CannedAnswer before = writable(caller, id);
    repository.delete(id);
    events.publishEvent(new AnswerCatalog.AnswersChanged());
    audit.record(AuditRecord.success(caller, "guard.answer.delete", RESOURCE, id, excerpt(before),
        json.writeValueAsString(before), null));
  }

  /** Result of an import: answers created and updated (matched by question). */
  public record ImportResult(int created, int updated, int unchanged) {}

  /** The tenant an import goes to (null: platform), checked before the file is read. */
  public Long importTarget(Caller caller, Long requestedTenant) {
    caller.require(Permissions.GUARD_MANAGE);
    return tenancy.ownerTenant(caller, requestedTenant);
  }

  /** Imports rows (already parsed) into the tenant from {@link #importTarget}; all or nothing. */
  @Transactional
  public ImportResult importRows(Caller caller, Long tenant, List<AnswerSpec> rows) {
    caller.require(Permissions.GUARD_MANAGE);
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    for (int i = 0; i < rows.size(); i++) {
      AnswerSpec row = rows.get(i);
      CannedAnswer existing = row.question() == null ? null
          : repository.findByQuestion(tenant, row.question().strip()).orElse(null);
      if (existing != null && same(existing, row)) {
        unchanged++;
        continue;
      }
      save(existing, row, tenant, caller.userId(), "rows[" + (i + 2) + "].");
      if (existing == null) {
        created++;
      } else {
        updated++;
      }
    }
    ImportResult result = new ImportResult(created, updated, unchanged);
    audit.record(AuditRecord.success(caller, "guard.answer.import", RESOURCE, null,
        tenant == null ? "platform" : "tenant " + tenant, null, json.writeValueAsString(result)));
    return result;
  }

  /** The stored answer of the tenant (null: platform) for exactly this question. */
  public java.util.Optional<CannedAnswer> find(Long tenantId, String question) {
    return question == null ? java.util.Optional.empty() : repository.findByQuestion(tenantId, question.strip());
  }

  /** Creates the answer, or updates the one with the same question (bootstrap). */
  @Transactional
  public CannedAnswer upsert(AnswerSpec spec, Long tenantId) {
    CannedAnswer existing = spec.question() == null ? null
        : repository.findByQuestion(tenantId, spec.question().strip()).orElse(null);
    if (existing != null && same(existing, spec)) {
      return existing;
    }
    return save(existing, spec, tenantId, null, "");
  }

  /** Problems of a spec, as paths under {@code prefix}. */
  public static List<FieldError> problems(AnswerSpec s, String prefix) {
    List<FieldError> out = new ArrayList<>();
    if (s.question() == null || s.question().isBlank() || s.question().length() > 2000) {
      out.add(new FieldError(prefix + "question", "required, at most 2000 characters"));
    }
    if (s.answer() == null || s.answer().isBlank() || s.answer().length() > 8000) {
      out.add(new FieldError(prefix + "answer", "required, at most 8000 characters"));
    }
    List<String> types = s.riskTypes() == null ? List.of() : s.riskTypes();
    for (int i = 0; i < types.size(); i++) {
      if (!PolicyRules.knownRiskType(types.get(i))) {
        out.add(new FieldError(prefix + "risk_types[" + i + "]", "unknown risk type '" + types.get(i)
            + "': use a TC260-003 code (A.1.4), a class (A.1) or prompt-attack"));
      }
    }
    if (types.size() > 100) {
      out.add(new FieldError(prefix + "risk_types", "at most 100 entries"));
    }
    if (s.group() != null && s.group().length() > 64) {
      out.add(new FieldError(prefix + "group", "at most 64 characters"));
    }
    return out;
  }

  private CannedAnswer save(CannedAnswer existing, AnswerSpec given, Long tenantId, Long createdBy, String prefix) {
    AnswerSpec s = existing == null ? given : new AnswerSpec(tenantId,
        given.question() != null ? given.question() : existing.question(),
        given.answer() != null ? given.answer() : existing.answer(),
        given.riskTypes() != null ? given.riskTypes() : existing.riskTypes(),
        given.group() != null ? given.group() : existing.group(),
        given.enabled() != null ? given.enabled() : existing.enabled());
    List<FieldError> problems = problems(s, prefix);
    if (!problems.isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "validation_failed", problems.getFirst().field() + ": "
          + problems.getFirst().message(), problems);
    }
    String question = s.question().strip();
    var same = repository.findByQuestion(tenantId, question);
    if (same.isPresent() && (existing == null || same.get().id() != existing.id())) {
      throw ApiException.conflict("guard_answer.question_taken", "A canned answer for the question '" + question
          + "' already exists " + (tenantId == null ? "on the platform" : "in this tenant"));
    }
    Instant now = clock.instant();
    CannedAnswer shape = new CannedAnswer(existing == null ? 0 : existing.id(), tenantId, question,
        s.answer().strip(), s.riskTypes(), s.group() == null || s.group().isBlank() ? null : s.group().strip(),
        s.enabled() == null || s.enabled(), existing == null ? now : existing.createdAt(), now);
    long id;
    if (existing == null) {
      id = repository.insert(shape, createdBy);
    } else {
      id = existing.id();
      repository.update(shape);
    }
    events.publishEvent(new AnswerCatalog.AnswersChanged());
    return repository.find(id).orElseThrow();
  }

  private static boolean same(CannedAnswer a, AnswerSpec s) {
    return (s.answer() == null || s.answer().strip().equals(a.answer()))
        && (s.riskTypes() == null || s.riskTypes().equals(a.riskTypes()))
        && (s.group() == null || s.group().strip().equals(a.group() == null ? "" : a.group()))
        && (s.enabled() == null || s.enabled() == a.enabled());
  }

  private CannedAnswer visible(Caller caller, long id) {
    CannedAnswer a = repository.find(id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
    if (a.tenantId() != null && !caller.canSeeTenant(a.tenantId())) {
      throw ApiException.notFound(RESOURCE, id);
    }
    return a;
  }

  private CannedAnswer writable(Caller caller, long id) {
    CannedAnswer a = visible(caller, id);
    if (a.tenantId() == null && !caller.platformScope()) {
      throw ApiException.forbidden("guard_answer.platform_only",
          "This is a platform-wide canned answer; only platform administrators change it");
    }
    return a;
  }

  static long tenantId(String tenant) {
    try {
      return Long.parseLong(tenant);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("tenant_id", "must be a tenant id or platform");
    }
  }

  private static String excerpt(CannedAnswer a) {
    return a.question().length() > 60 ? a.question().substring(0, 60) + "…" : a.question();
  }
}
