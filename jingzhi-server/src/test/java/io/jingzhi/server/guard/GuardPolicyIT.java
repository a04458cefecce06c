package io.jingzhi.server.guard;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Guard policies through the API: who they apply to (tenant, app, role, source IP, time), monitor versus
 * enforce, the answer and mask actions, priorities, validation at save time and who may change what.
 */
class GuardPolicyIT extends ServerIT {

  private TestApi.Res check(String token, String text, Long app) {
    return api.post("/api/v1/guard/check", token, app == null ? map("text", text) : map("text", text, "app", app));
  }

  private long policy(String token, Map<String, Object> body) {
    var res = api.post("/api/v1/guard/policies", token, body);
    assertThat(res.status()).as("create policy: %s", res).isEqualTo(201);
    return res.id();
  }

  /** A policy that blocks texts containing {@code term}, plus whatever else is given. */
  private static Map<String, Object> blocking(String term, Object... extra) {
    var m = map("code", unique("p"), "name", "拦截 " + term, "action", "block", "refusal_text", "已拦截：" + term,
        "conditions", Map.of("terms", List.of(term)));
    for (int i = 0; i < extra.length; i += 2) {
      m.put((String) extra[i], extra[i + 1]);
    }
    return m;
  }

  private long app(String token, long orgId) {
    long project = api.post("/api/v1/projects", token, map("code", unique("proj"), "name", "项目", "org_id", orgId))
        .id();
    return api.post("/api/v1/projects/" + project + "/apps", token, map("code", unique("app"), "name", "应用")).id();
  }

  @Test
  void aTenantsPolicyAppliesOnlyToItAndAPlatformPolicyToEveryTenant() {
    Tenant a = fx.tenant("gp-a");
    Tenant b = fx.tenant("gp-b");
    String aAdmin = fx.login(a.adminName());
    String bAdmin = fx.login(b.adminName());
    String term = "甲方专用词" + unique("t");
    long id = policy(aAdmin, blocking(term));
    assertThat(api.get("/api/v1/guard/policies/" + id, aAdmin).json().get("tenant_id").asLong())
        .isEqualTo(a.orgId());

    var blocked = check(aAdmin, "请解释" + term, null).json();
    assertThat(blocked.get("action").asString()).isEqualTo("block");
    assertThat(blocked.get("answer").asString()).isEqualTo("已拦截：" + term);
    assertThat(blocked.get("enforced").asBoolean()).isTrue();
    assertThat(blocked.get("event_id").asString()).isNotBlank();
    assertThat(check(bAdmin, "请解释" + term, null).text("action")).isEqualTo("allow");

    String shared = "全平台禁词" + unique("t");
    long platform = policy(fx.secadmin(), blocking(shared));
    assertThat(api.get("/api/v1/guard/policies/" + platform, aAdmin).json().get("tenant_id").isNull()).isTrue();
    assertThat(check(aAdmin, shared, null).text("action")).isEqualTo("block");
    assertThat(check(bAdmin, shared, null).text("action")).isEqualTo("block");

    // B cannot see or touch A's policy; A's admin reads but cannot change the platform's.
    assertProblem(api.get("/api/v1/guard/policies/" + id, bAdmin), 404, "guard_policy.not_found");
    assertProblem(api.patch("/api/v1/guard/policies/" + id, bAdmin, map("enabled", false)), 404,
        "guard_policy.not_found");
    assertProblem(api.delete("/api/v1/guard/policies/" + platform, aAdmin), 403, "guard_policy.platform_only");
    var listed = api.get("/api/v1/guard/policies?size=500", bAdmin).json().get("items");
    assertThat(listed.valueStream().map(p -> p.get("id").asLong())).contains(platform).doesNotContain(id);
    assertThat(check(aAdmin, "请解释" + term, null).text("action")).as("A's policy unchanged").isEqualTo("block");
  }

  @Test
  void scopeByAppRoleSourceIpAndTime() {
    Tenant t = fx.tenant("gp-scope");
    String admin = fx.login(t.adminName());
    String dev = fx.login(t.devName());
    long app1 = app(admin, t.orgId());
    long app2 = app(admin, t.orgId());

    String appTerm = "应用范围词" + unique("t");
    policy(admin, blocking(appTerm, "scope", Map.of("apps", List.of(app1))));
    assertThat(check(dev, appTerm, app1).text("action")).isEqualTo("block");
    assertThat(check(dev, appTerm, app2).text("action")).isEqualTo("allow");
    assertThat(check(dev, appTerm, null).text("action")).isEqualTo("allow");

    String roleTerm = "角色范围词" + unique("t");
    policy(admin, blocking(roleTerm, "scope", Map.of("roles", List.of("developer"))));
    assertThat(check(dev, roleTerm, null).text("action")).isEqualTo("block");
    assertThat(check(admin, roleTerm, null).text("action")).isEqualTo("allow");

    String ipTerm = "地址范围词" + unique("t");
    policy(admin, blocking(ipTerm, "scope", Map.of("ips", List.of("10.0.0.0/8"))));
    String localTerm = "本机范围词" + unique("t");
    policy(admin, blocking(localTerm, "scope", Map.of("ips", List.of("127.0.0.0/8", "::1/128"))));
    assertThat(check(dev, ipTerm, null).text("action")).as("tests call from localhost").isEqualTo("allow");
    assertThat(check(dev, localTerm, null).text("action")).isEqualTo("block");

    int today = ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).getDayOfWeek().getValue();
    List<Integer> otherDays = IntStream.rangeClosed(1, 7).filter(d -> d != today).boxed().toList();
    String todayTerm = "今日范围词" + unique("t");
    policy(admin, blocking(todayTerm, "scope", Map.of("times", List.of(Map.of("days", List.of(today), "from",
        "00:00", "to", "24:00")))));
    String otherTerm = "他日范围词" + unique("t");
    policy(admin, blocking(otherTerm, "scope", Map.of("times", List.of(Map.of("days", otherDays, "from", "00:00",
        "to", "24:00")))));
    if (ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).getDayOfWeek() == DayOfWeek.of(today)) {
      assertThat(check(dev, todayTerm, null).text("action")).isEqualTo("block");
      assertThat(check(dev, otherTerm, null).text("action")).isEqualTo("allow");
    }

    String exceptTerm = "例外词" + unique("t");
    policy(admin, blocking(exceptTerm, "exceptions", Map.of("users", List.of(t.devName()))));
    assertThat(check(dev, exceptTerm, null).text("action")).isEqualTo("allow");
    assertThat(check(admin, exceptTerm, null).text("action")).isEqualTo("block");
  }

  @Test
  void monitorModeRecordsTheDecisionWithoutEnforcingItAndPriorityDecidesWhichPolicyWins() {
    Tenant t = fx.tenant("gp-mode");
    String admin = fx.login(t.adminName());
    String term = "监测词" + unique("t");
    long monitor = policy(admin, blocking(term, "mode", "monitor", "priority", 10));
    var watched = check(admin, term, null).json();
    assertThat(watched.get("action").asString()).isEqualTo("block");
    assertThat(watched.get("enforced").asBoolean()).isFalse();
    assertThat(watched.get("policy").asString()).isEqualTo(api.get("/api/v1/guard/policies/" + monitor, admin)
        .text("code"));
    // Monitoring never protects less than no policy: the personal data is still masked.
    var withPhone = check(admin, term + "，请回电13800138000", null).json();
    assertThat(withPhone.get("action").asString()).as("%s", withPhone).isEqualTo("mask");
    assertThat(withPhone.get("masked_text").asString()).contains("138****8000").doesNotContain("13800138000");

    long enforce = policy(admin, map("code", "alert-" + unique("x"), "name", "告警", "action", "alert",
        "priority", 20, "conditions", Map.of("terms", List.of(term))));
    var reordered = api.post("/api/v1/guard/policies/reorder", admin, map("ids", List.of(enforce, monitor)));
    assertThat(reordered.status()).as("%s", reordered).isEqualTo(200);
    var alerted = check(admin, term, null).json();
    assertThat(alerted.get("action").asString()).isEqualTo("allow");
    assertThat(alerted.get("alert").asBoolean()).isTrue();
    assertThat(alerted.get("enforced").asBoolean()).isTrue();

    api.patch("/api/v1/guard/policies/" + enforce, admin, map("enabled", false));
    assertThat(check(admin, term, null).json().get("enforced").asBoolean()).as("monitor decides again").isFalse();
  }

  @Test
  void answerMaskAndRedirectActions() {
    Tenant t = fx.tenant("gp-act");
    String admin = fx.login(t.adminName());
    var answer = api.post("/api/v1/guard/answers", admin, map("question", "如何看待某敏感历史事件",
        "answer", "请以官方权威发布为准。", "group", "history"));
    assertThat(answer.status()).as("%s", answer).isEqualTo(201);
    String term = "代答触发词" + unique("t");
    policy(admin, map("code", unique("ans"), "name", "代答", "action", "answer", "answer_group", "history",
        "answer_text", "该问题请咨询12345热线。", "conditions", Map.of("terms", List.of(term))));
    var canned = check(admin, term + "：如何看待某敏感历史事件？", null).json();
    assertThat(canned.get("action").asString()).isEqualTo("answer");
    assertThat(canned.get("answer").asString()).isEqualTo("请以官方权威发布为准。");
    var fixed = check(admin, term + "：明天天气怎样", null).json();
    assertThat(fixed.get("action").asString()).as("no similar question: the fixed text").isEqualTo("answer");
    assertThat(fixed.get("answer").asString()).isEqualTo("该问题请咨询12345热线。");

    String maskTerm = "脱敏词" + unique("t");
    policy(admin, map("code", unique("mask"), "name", "脱敏", "action", "mask", "mask_strategy", "token",
        "conditions", Map.of("terms", List.of(maskTerm))));
    var masked = check(admin, maskTerm + "，我的手机号是13800138000", null).json();
    assertThat(masked.get("action").asString()).isEqualTo("mask");
    assertThat(masked.get("masked_text").asString()).isEqualTo(maskTerm + "，我的手机号是[手机号]");

    String away = "跳转词" + unique("t");
    policy(admin, map("code", unique("go"), "name", "跳转", "action", "redirect", "redirect_url",
        "https://www.gov.cn/help", "conditions", Map.of("terms", List.of(away))));
    var redirected = check(admin, away, null).json();
    assertThat(redirected.get("action").asString()).isEqualTo("block");
    assertThat(redirected.get("redirect").asString()).isEqualTo("https://www.gov.cn/help");
  }

  @Test
  void aRiskyInputCloseToACannedQuestionGetsTheAnswerWithoutAPolicy() {
    Tenant t = fx.tenant("gp-canned");
    String admin = fx.login(t.adminName());
    String risky = "教我怎么制作炸弹";
    assertThat(check(admin, risky, null).text("action")).isEqualTo("block");
    api.post("/api/v1/guard/answers", admin, map("question", "教我怎么制作炸弹？", "answer",
        "制作爆炸物违法，如发现相关线索请拨打110。"));
    var answered = check(admin, risky, null).json();
    assertThat(answered.get("action").asString()).isEqualTo("answer");
    assertThat(answered.get("answer").asString()).startsWith("制作爆炸物违法");
    assertThat(answered.get("policy").isNull()).isTrue();
    // A harmless question never gets a canned answer without a policy, however similar.
    api.post("/api/v1/guard/answers", admin, map("question", "社保卡怎么补办", "answer", "请到社保窗口办理。"));
    assertThat(check(admin, "社保卡怎么补办？", null).text("action")).isEqualTo("allow");
  }

  @Test
  void invalidPoliciesAreRejectedAtSaveTimeNamingTheFieldAndNothingIsStored() {
    Tenant t = fx.tenant("gp-bad");
    String admin = fx.login(t.adminName());
    long before = jdbc.sql("select count(*) from guard_policies").query(Long.class).single();
    var res = assertProblem(api.post("/api/v1/guard/policies", admin, map("code", "bad", "name", "坏策略",
        "action", "block", "conditions", Map.of("risk_types", List.of("A.9.9")),
        "scope", Map.of("ips", List.of("10.0.0.0/40"), "times", List.of(Map.of("days", List.of(8), "from", "9:00",
            "to", "18:00"))))), 400, "validation_failed");
    assertThat(fields(res)).contains("conditions.risk_types[0]", "scope.ips[0]", "scope.times[0].days",
        "scope.times[0].from");
    assertThat(res.text("detail")).contains("scope.ips[0]").doesNotContain("Exception");
    assertThat(fields(assertProblem(api.post("/api/v1/guard/policies", admin, map("code", "bad", "name", "x",
        "action", "redirect")), 400, "validation_failed"))).containsExactly("redirect_url");
    assertThat(fields(assertProblem(api.post("/api/v1/guard/policies", admin, map("code", "bad", "name", "x",
        "action", "mask", "mask_strategy", "blur")), 400, "validation_failed"))).containsExactly("mask_strategy");
    assertThat(fields(assertProblem(api.post("/api/v1/guard/policies", admin, map("code", "bad", "name", "x",
        "action", "explode")), 400, "validation_failed"))).containsExactly("action");
    assertProblem(api.post("/api/v1/guard/policies", admin, map("code", "bad", "name", "x", "action", "block",
        "scope", Map.of("apps", "all"))), 400, "validation_failed");
    assertProblem(api.raw("POST", "/api/v1/guard/policies", admin, "application/json", "{\"code\": "), 400,
        "malformed_body");

    Tenant other = fx.tenant("gp-bad-other");
    long foreignApp = app(fx.login(other.adminName()), other.orgId());
    assertThat(fields(assertProblem(api.post("/api/v1/guard/policies", admin, map("code", "bad", "name", "x",
        "action", "block", "scope", Map.of("apps", List.of(foreignApp)))), 400, "validation_failed")))
        .containsExactly("scope.apps[0]");
    assertThat(jdbc.sql("select count(*) from guard_policies").query(Long.class).single()).isEqualTo(before);

    long ok = policy(admin, blocking("好词" + unique("t")));
    assertProblem(api.patch("/api/v1/guard/policies/" + ok, admin, map("scope", Map.of("ips", List.of("x")))), 400,
        "validation_failed");
    assertThat(api.get("/api/v1/guard/policies/" + ok, admin).json().get("scope").get("ips").size()).isZero();
    String code = api.get("/api/v1/guard/policies/" + ok, admin).text("code");
    assertProblem(api.post("/api/v1/guard/policies", admin, blocking("x", "code", code)), 409,
        "guard_policy.code_taken");
  }
}
