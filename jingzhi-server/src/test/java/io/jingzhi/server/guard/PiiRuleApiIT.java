package io.jingzhi.server.guard;

import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.api.Guard;
import io.jingzhi.guard.api.GuardAction;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class PiiRuleApiIT extends ServerIT {

  private static final String RULES = "/api/v1/guard/pii-rules";

  @Autowired
  Guard guard;

  private GuardVerdict check(Tenant t, String role, String text) {
    return guard.check(new GuardSubject(t.orgId(), t.orgId(), t.devId(), t.devName(), Set.of(role), null, null,
        null, null, "127.0.0.1", "api"), GuardRequest.input(text, List.of()));
  }

  @Test
  void invalidOrDangerousExpressionsAreRejectedWithTheReasonAndNothingIsStored() {
    Tenant a = fx.tenant("pii-bad");
    String aAdmin = fx.login(a.adminName());
    var broken = assertProblem(api.post(RULES, aAdmin, map("name", "工号", "kind", "regex", "pattern", "JZ-(\\d{6}")),
        400, "validation_failed");
    assertThat(broken.text("detail")).startsWith("pattern:").contains("invalid expression").contains("near index");
    var nested = assertProblem(api.post(RULES, aAdmin, map("name", "慢", "kind", "regex", "pattern", "(\\w+\\s?)+$")),
        400, "validation_failed");
    assertThat(nested.text("detail")).contains("exponential time");
    assertThat(assertProblem(api.post(RULES, aAdmin, map("name", "长", "kind", "regex", "pattern", "a".repeat(501))),
        400, "validation_failed").text("detail")).contains("longer than 500");
    assertThat(assertProblem(api.post(RULES, aAdmin, map("name", "空", "kind", "regex", "pattern", "x*")), 400,
        "validation_failed").text("detail")).contains("empty string");
    assertProblem(api.post(RULES, aAdmin, map("name", "种类", "kind", "glob", "pattern", "x")), 400,
        "validation_failed");
    assertProblem(api.post(RULES, aAdmin, map("name", "策略", "pattern", "JZ-\\d+", "mask_strategy", "blur")), 400,
        "validation_failed");
    assertThat(api.get(RULES, aAdmin).json().size()).isZero();
    assertThat(jdbc.sql("select count(*) from guard_pii_rules where tenant_id = :t").param("t", a.orgId())
        .query(Long.class).single()).isZero();

    long id = api.post(RULES, aAdmin, map("name", "工号", "kind", "regex", "pattern", "JZ-\\d{6}")).id();
    assertProblem(api.patch(RULES + "/" + id, aAdmin, map("pattern", "JZ-(")), 400, "validation_failed");
    assertThat(api.get(RULES + "/" + id, aAdmin).text("pattern")).isEqualTo("JZ-\\d{6}");
    assertProblem(api.post(RULES, aAdmin, map("name", "工号", "kind", "literal", "pattern", "x")), 409,
        "guard.pii_rule.name_taken");
  }

  @Test
  void aTenantsRulesMaskItsChecksOnlyWithTheirLabelAndStrategy() {
    Tenant a = fx.tenant("pii-a");
    Tenant b = fx.tenant("pii-b");
    String aAdmin = fx.login(a.adminName());
    String text = "天穹计划负责人工号JZ-123456，请汇总进度";
    assertThat(check(a, "developer", text).action()).isEqualTo(GuardAction.ALLOW);

    var project = api.post(RULES, aAdmin, map("name", "项目代号", "kind", "literal", "pattern", "天穹计划",
        "label", "项目代号", "mask_strategy", "token"));
    assertThat(project.status()).as("%s", project).isEqualTo(201);
    long staff = api.post(RULES, aAdmin, map("name", "工号", "kind", "regex", "pattern", "JZ-\\d{6}",
        "mask_strategy", "full")).id();

    GuardVerdict masked = check(a, "developer", text);
    assertThat(masked.action()).isEqualTo(GuardAction.MASK);
    assertThat(masked.text()).isEqualTo("[项目代号]负责人工号*********，请汇总进度");
    assertThat(masked.categories()).contains("A.4.6");
    assertThat(check(b, "developer", text).action()).as("B has no such rules").isEqualTo(GuardAction.ALLOW);

    assertThat(api.patch(RULES + "/" + staff, aAdmin, map("enabled", false)).status()).isEqualTo(200);
    assertThat(check(a, "developer", text).text()).isEqualTo("[项目代号]负责人工号JZ-123456，请汇总进度");
    assertThat(api.delete(RULES + "/" + project.id(), aAdmin).status()).isEqualTo(204);
    assertThat(check(a, "developer", text).action()).isEqualTo(GuardAction.ALLOW);

    String bAdmin = fx.login(b.adminName());
    assertProblem(api.get(RULES + "/" + staff, bAdmin), 404, "pii_rule.not_found");
    assertThat(api.get(RULES, bAdmin).json().size()).isZero();
  }

  @Test
  void rolesAllowedClearTextSeePersonalDataUnmasked() {
    Tenant a = fx.tenant("clear-a");
    String aAdmin = fx.login(a.adminName());
    String text = "请联系张伟，手机13800138000";
    assertThat(check(a, "developer", text).action()).isEqualTo(GuardAction.MASK);

    var set = api.put("/api/v1/guard/clear-text-roles", aAdmin, map("roles", List.of("reviewer")));
    assertThat(set.status()).as("%s", set).isEqualTo(200);
    assertThat(api.get("/api/v1/guard/clear-text-roles", aAdmin).json().get("roles").get(0).asString())
        .isEqualTo("reviewer");
    GuardVerdict reviewer = check(a, "reviewer", text);
    assertThat(reviewer.action()).isEqualTo(GuardAction.ALLOW);
    assertThat(reviewer.text()).isEqualTo(text);
    assertThat(reviewer.categories()).as("the finding stays visible").contains("A.4.6");
    assertThat(check(a, "developer", text).masks()).isTrue();

    Tenant b = fx.tenant("clear-b");
    assertThat(check(b, "reviewer", text).masks()).as("roles are per tenant").isTrue();
    assertProblem(api.put("/api/v1/guard/clear-text-roles", aAdmin, map("roles", List.of("bad role!"))), 400,
        "validation_failed");
    assertProblem(api.put("/api/v1/guard/clear-text-roles", fx.login(b.adminName()), map("tenant_id", a.orgId(),
        "roles", List.of())), 404, "tenant.not_found");
    assertThat(check(a, "reviewer", text).action()).isEqualTo(GuardAction.ALLOW);
  }

  @Test
  void aRuleCanBeTriedOnASampleWithoutSavingIt() {
    Tenant a = fx.tenant("try-a");
    String aAdmin = fx.login(a.adminName());
    var tried = api.post(RULES + "/try", aAdmin, map("kind", "regex", "pattern", "JZ-\\d{6}", "label", "工号",
        "mask_strategy", "token", "text", "工号JZ-123456和JZ-654321"));
    assertThat(tried.status()).as("%s", tried).isEqualTo(200);
    assertThat(tried.json().get("matches").size()).isEqualTo(2);
    assertThat(tried.json().get("matches").get(0).get("start").asInt()).isEqualTo(2);
    assertThat(tried.text("masked_text")).isEqualTo("工号[工号]和[工号]");
    assertProblem(api.post(RULES + "/try", aAdmin, map("kind", "regex", "pattern", "(", "text", "x")), 400,
        "validation_failed");
    assertProblem(api.post(RULES + "/try", fx.login(a.devName()), map("kind", "regex", "pattern", "x",
        "text", "x")), 403, "permission_denied");
    assertThat(api.get(RULES, aAdmin).json().size()).isZero();
  }
}
