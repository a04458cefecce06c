package io.jingzhi.guard.policy;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.guard.answer.AnswerService;
import io.jingzhi.guard.answer.AnswerSpec;
import io.jingzhi.iam.api.BootstrapContext;
import io.jingzhi.iam.api.BootstrapSection;
import io.jingzhi.iam.api.Tenancy;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code guard} section of the bootstrap file: {@code policies[]} (the policy fields of the API, with
 * {@code tenant} = the code of a tenant org instead of {@code tenant_id}, and apps and orgs in scope and exceptions
 * given by code) and {@code answers[]} {question, answer, risk_types, group, enabled, tenant}. Policies are matched
 * by tenant and code, answers by tenant and question: created when missing, brought in line when different; what
 * the file does not mention is left alone.
 */
@Component
class GuardBootstrapSection implements BootstrapSection {

  private static final Set<String> SECTION_FIELDS = Set.of("policies", "answers");
  private static final Set<String> POLICY_FIELDS = Set.of("tenant", "code", "name", "description", "priority",
      "enabled", "mode", "scope", "conditions", "exceptions", "action", "refusal_text", "mask_strategy",
      "answer_text", "answer_group", "redirect_url");
  private static final Set<String> SCOPE_FIELDS = Set.of("apps", "models", "users", "roles", "orgs", "ips",
      "times");
  private static final Set<String> CONDITION_FIELDS = Set.of("direction", "risk_types", "min_level", "terms");
  private static final Set<String> ANSWER_FIELDS = Set.of("tenant", "question", "answer", "risk_types", "group",
      "enabled");

  private final PolicyService policies;
  private final PolicyRepository repository;
  private final Tenancy tenancy;
  private final AnswerService answers;
  private final JsonMapper json;

  GuardBootstrapSection(PolicyService policies, PolicyRepository repository, Tenancy tenancy,
      AnswerService answers, JsonMapper json) {
    this.policies = policies;
    this.repository = repository;
    this.tenancy = tenancy;
    this.answers = answers;
    this.json = json;
  }

  @Override
  public String key() {
    return "guard";
  }

  @Override
  public int getOrder() {
    return 150;
  }

  @Override
  public void validate(JsonNode section, BootstrapContext ctx) {
    if (!section.isObject()) {
      ctx.problem("guard", "must be a mapping with policies and answers");
      return;
    }
    section.propertyNames().forEach(f -> {
      if (!SECTION_FIELDS.contains(f)) {
        ctx.problem("guard." + f, "unknown field; the guard section has " + String.join(", ", SECTION_FIELDS));
      }
    });
    JsonNode list = section.path("policies");
    if (!list.isMissingNode() && !list.isArray()) {
      ctx.problem("guard.policies", "must be a list of policies");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; list.isArray() && i < list.size(); i++) {
      String path = "guard.policies[" + i + "]";
      JsonNode p = list.get(i);
      if (!fields(p, POLICY_FIELDS, path, ctx)) {
        continue;
      }
      fields(p.path("scope"), SCOPE_FIELDS, path + ".scope", ctx);
      fields(p.path("exceptions"), SCOPE_FIELDS, path + ".exceptions", ctx);
      fields(p.path("conditions"), CONDITION_FIELDS, path + ".conditions", ctx);
      String tenant = p.path("tenant").asString("");
      if (!tenant.isEmpty() && !ctx.orgExists(tenant)) {
        ctx.problem(path + ".tenant", "no org with the code '" + tenant + "'");
      }
      if (!seen.add(tenant + "/" + p.path("code").asString(""))) {
        ctx.problem(path + ".code", "policy " + p.path("code").asString("") + " is given twice");
      }
      refs(p, path, "apps", ctx::appExists, "app", ctx);
      refs(p, path, "orgs", ctx::orgExists, "org", ctx);
      spec(p, path, code -> Optional.of(1L), code -> Optional.of(1L), ctx)
          .ifPresent(s -> PolicyRules.check(s).forEach(e -> ctx.problem(path + "." + e.field(), e.message())));
    }
    validateAnswers(section.path("answers"), ctx);
  }

  private void validateAnswers(JsonNode list, BootstrapContext ctx) {
    if (!list.isMissingNode() && !list.isArray()) {
      ctx.problem("guard.answers", "must be a list of canned answers");
    }
    for (int i = 0; list.isArray() && i < list.size(); i++) {
      String path = "guard.answers[" + i + "]";
      JsonNode a = list.get(i);
      if (!fields(a, ANSWER_FIELDS, path, ctx)) {
        continue;
      }
      String tenant = a.path("tenant").asString("");
      if (!tenant.isEmpty() && !ctx.orgExists(tenant)) {
        ctx.problem(path + ".tenant", "no org with the code '" + tenant + "'");
      }
      answer(a, path, ctx).ifPresent(s -> AnswerService.problems(s, path + ".")
          .forEach(e -> ctx.problem(e.field(), e.message())));
    }
  }

  @Override
  public void apply(JsonNode section, BootstrapContext ctx) {
    JsonNode list = section.path("policies");
    for (int i = 0; list.isArray() && i < list.size(); i++) {
      String path = "guard.policies[" + i + "]";
      JsonNode p = list.get(i);
      Long tenant = tenant(p, path, ctx);
      Optional<PolicySpec> spec = spec(p, path, ctx::appId, ctx::orgId, ctx);
      if (spec.isEmpty() || tenant != null && tenant < 0) {
        continue;
      }
      Optional<Policy> before = repository.findByCode(tenant, spec.get().code());
      try {
        Policy after = policies.upsert(spec.get(), tenant);
        if (before.isEmpty()) {
          ctx.changed("guard policy " + after.code() + " created");
        } else if (!same(before.get(), after)) {
          ctx.changed("guard policy " + after.code() + " updated");
        }
      } catch (ApiException e) {
        report(e, path, ctx);
      }
    }
    JsonNode answerList = section.path("answers");
    for (int i = 0; answerList.isArray() && i < answerList.size(); i++) {
      String path = "guard.answers[" + i + "]";
      Long tenant = tenant(answerList.get(i), path, ctx);
      Optional<AnswerSpec> spec = answer(answerList.get(i), path, ctx);
      if (spec.isEmpty() || tenant != null && tenant < 0) {
        continue;
      }
      try {
        var before = answers.find(tenant, spec.get().question());
        var stored = answers.upsert(spec.get(), tenant);
        if (before.isEmpty()) {
          ctx.changed("canned answer '" + stored.question() + "' created");
        } else if (!before.get().equals(stored)) {
          ctx.changed("canned answer '" + stored.question() + "' updated");
        }
      } catch (ApiException e) {
        report(e, path, ctx);
      }
    }
  }

  /** The tenant of an entry: null for the platform, -1 when it cannot be used (reported). */
  private Long tenant(JsonNode entry, String path, BootstrapContext ctx) {
    String code = entry.path("tenant").asString("");
    if (code.isEmpty()) {
      return null;
    }
    Optional<Long> id = ctx.orgId(code);
    if (id.isEmpty() || !tenancy.isTenant(id.get())) {
      ctx.problem(path + ".tenant", "org '" + code + "' is not a tenant (委办局-level org)");
      return -1L;
    }
    return id.get();
  }

  private static boolean same(Policy a, Policy b) {
    return a.equals(new Policy(b.id(), b.tenantId(), b.code(), b.name(), b.description(), b.priority(),
        b.enabled(), b.mode(), b.scope(), b.conditions(), b.exceptions(), b.action(), b.refusalText(),
        b.maskStrategy(), b.answerText(), b.answerGroup(), b.redirectUrl(), a.createdAt(), a.updatedAt()));
  }

  private static void report(ApiException e, String path, BootstrapContext ctx) {
    if (e.fieldErrors().isEmpty()) {
      ctx.problem(path, e.getMessage());
    }
    for (FieldError f : e.fieldErrors()) {
      ctx.problem(path + "." + f.field(), f.message());
    }
  }

  /** The entry as a spec, with app and org codes in scope and exceptions turned into ids. */
  private Optional<PolicySpec> spec(JsonNode p, String path, Function<String, Optional<Long>> app,
      Function<String, Optional<Long>> org, BootstrapContext ctx) {
    ObjectNode copy = (ObjectNode) p.deepCopy();
    copy.remove("tenant");
    boolean ok = true;
    for (String part : List.of("scope", "exceptions")) {
      if (copy.get(part) instanceof ObjectNode scope) {
        ok &= ids(scope, "apps", app, path + "." + part, ctx) & ids(scope, "orgs", org, path + "." + part, ctx);
      }
    }
    if (!ok) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.treeToValue(copy, PolicySpec.class));
    } catch (JacksonException e) {
      ctx.problem(path, "has a value of the wrong type: " + e.getOriginalMessage());
      return Optional.empty();
    }
  }

  private static boolean ids(ObjectNode scope, String field, Function<String, Optional<Long>> resolve, String path,
      BootstrapContext ctx) {
    JsonNode codes = scope.get(field);
    if (codes == null || codes.isNull()) {
      return true;
    }
    if (!codes.isArray()) {
      ctx.problem(path + "." + field, "must be a list of codes");
      return false;
    }
    ArrayNode ids = scope.arrayNode();
    boolean ok = true;
    for (int i = 0; i < codes.size(); i++) {
      Optional<Long> id = resolve.apply(codes.get(i).asString(""));
      if (id.isEmpty()) {
        ok = false;
      } else {
        ids.add(id.get());
      }
    }
    scope.set(field, ids);
    return ok;
  }

  private static void refs(JsonNode p, String path, String field, java.util.function.Predicate<String> exists,
      String what, BootstrapContext ctx) {
    for (String part : List.of("scope", "exceptions")) {
      JsonNode codes = p.path(part).path(field);
      for (int i = 0; codes.isArray() && i < codes.size(); i++) {
        if (!exists.test(codes.get(i).asString(""))) {
          ctx.problem(path + "." + part + "." + field + "[" + i + "]", "no " + what + " with the code '"
              + codes.get(i).asString("") + "'");
        }
      }
    }
  }

  private Optional<AnswerSpec> answer(JsonNode a, String path, BootstrapContext ctx) {
    ObjectNode copy = (ObjectNode) a.deepCopy();
    copy.remove("tenant");
    try {
      return Optional.of(json.treeToValue(copy, AnswerSpec.class));
    } catch (JacksonException e) {
      ctx.problem(path, "has a value of the wrong type: " + e.getOriginalMessage());
      return Optional.empty();
    }
  }

  /** {@link BootstrapContext#mapping}, for a part the entry may leave out. */
  private static boolean fields(JsonNode node, Set<String> allowed, String path, BootstrapContext ctx) {
    return node.isMissingNode() || node.isNull() || ctx.mapping(node, allowed, path);
  }
}
