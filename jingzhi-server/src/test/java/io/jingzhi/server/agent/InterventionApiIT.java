package io.jingzhi.server.agent;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.intervention.Interventions;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.server.support.AgentRows;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.Multipart;
import io.jingzhi.server.support.ServerIT;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Intervention end to end: curated pairs, rules and settings through the API (validation, conflicts, import,
 * audit), matched by {@link Interventions#before} with the in-process bge-small-zh-v1.5 model, and feedback on a run
 * adopted as a curated pair. Apps and runs are stored directly in their tables (their features own the API).
 */
class InterventionApiIT extends ServerIT {

  @Autowired
  Interventions interventions;

  Tenant tenant;
  String dev;
  String code;
  long appId;
  Caller caller;

  @BeforeEach
  void app() {
    tenant = fx.tenant("iv");
    String admin = fx.login(tenant.adminName());
    dev = fx.login(tenant.devName());
    long project = api.post("/api/v1/projects", admin, map("code", unique("iv-proj"), "name", "干预项目",
        "org_id", tenant.orgId())).id();
    code = unique("iv-app");
    appId = AgentRows.app(jdbc, code, project, tenant.orgId(), tenant.devId());
    caller = new Caller(tenant.devId(), tenant.devName(), "开发者", tenant.orgId(), tenant.orgId(),
        Set.of("developer"), Set.of(Permissions.MODEL_INVOKE, Permissions.AGENT_INVOKE), Caller.AuthType.USER, null,
        null, null, "127.0.0.1", false);
  }

  private String path(String rest) {
    return "/api/v1/apps/" + code + "/interventions" + rest;
  }

  @Test
  void curatedPairsAreValidatedImportedAndMatchedExactlyOrBySimilarity() {
    var created = api.post(path("/qa"), dev, map("question", "社保卡怎么补办", "answer", "带身份证到社保窗口办理。"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.text("source")).isEqualTo("manual");
    assertProblem(api.post(path("/qa"), dev, map("question", "社保卡 怎么补办？", "answer", "x")), 409,
        "intervention.qa_exists");
    assertThat(fields(api.post(path("/qa"), dev, map("question", "医保", "answer", " ")))).containsExactly("answer");
    assertThat(api.patch(path("/qa/" + created.id()), dev, map("answer", "带身份证到任一社保窗口办理。"))
        .text("answer")).isEqualTo("带身份证到任一社保窗口办理。");

    var upload = new Multipart(port);
    var imported = upload.upload(path("/qa/import"), dev, "qa.csv",
        "question,answer\n社保卡怎么补办？,线上也可办理。\n医保怎么报销,在医保 App 上报销。\n".getBytes(StandardCharsets.UTF_8));
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(imported.body()).contains("\"created\":1", "\"updated\":1");
    var broken = upload.upload(path("/qa/import"), dev, "qa.csv",
        "question,answer\n公积金怎么提取,去公积金中心\n没有答案,\n".getBytes(StandardCharsets.UTF_8));
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.body()).contains("intervention.bad_row", "row 3");
    assertThat(api.get(path("/qa"), dev).json().get("total").asInt()).as("nothing half imported").isEqualTo(2);

    var exact = interventions.before(caller, appId, "社保卡，怎么补办");
    assertThat(exact).hasValueSatisfying(i -> {
      assertThat(i.kind()).isEqualTo("qa");
      assertThat(i.answer()).isEqualTo("线上也可办理。");
      assertThat(i.similarity()).isEqualTo(1.0);
    });
    assertThat(api.put(path("/settings"), dev, map("threshold", 0.8)).json().get("threshold").asDouble())
        .isEqualTo(0.8);
    var similar = interventions.before(caller, appId, "请问社保卡丢了怎么补办");
    assertThat(similar).as("a paraphrase, by bge-small-zh similarity").hasValueSatisfying(i -> {
      assertThat(i.id()).isEqualTo(created.id());
      assertThat(i.similarity()).isGreaterThanOrEqualTo(0.8).isLessThan(1.0);
    });
    assertThat(interventions.before(caller, appId, "明天京州的天气怎么样")).isEmpty();

    assertThat(api.delete(path("/qa/" + created.id()), dev).status()).isEqualTo(204);
    assertThat(interventions.before(caller, appId, "社保卡怎么补办")).as("the cache dropped it").isEmpty();
    assertThat(jdbc.sql("select count(*) from iam_audit_events where action like 'agent.intervention.qa.%'")
        .query(Long.class).single()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void rulesAreCheckedWhenSavedAndSettingsCanTurnEverythingOff() {
    assertThat(fields(api.post(path("/rules"), dev, map("name", "手机号", "match", "regex", "pattern", "([0-9",
        "reply", "x")))).containsExactly("pattern");
    assertThat(fields(api.put(path("/settings"), dev, map("threshold", 2)))).containsExactly("threshold");
    var rule = api.post(path("/rules"), dev, map("name", "投诉", "match", "keyword", "pattern", "投诉,举报",
        "reply", "请拨打 12345 热线。", "priority", 10));
    assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
    assertThat(api.get(path("/rules"), dev).json().get("items").size()).isEqualTo(1);

    assertThat(interventions.before(caller, appId, "我要举报噪音")).hasValueSatisfying(i -> {
      assertThat(i.kind()).isEqualTo("rule");
      assertThat(i.answer()).isEqualTo("请拨打 12345 热线。");
    });
    assertThat(api.put(path("/settings"), dev, map("enabled", false)).json().get("enabled").asBoolean()).isFalse();
    assertThat(interventions.before(caller, appId, "我要举报噪音")).isEmpty();
    assertThat(api.get(path("/settings"), dev).json().get("threshold").asDouble()).isEqualTo(0.9);
    assertThat(api.patch(path("/rules/" + rule.id()), dev, map("enabled", false)).json().get("enabled").asBoolean())
        .isFalse();
    assertThat(api.delete(path("/rules/" + rule.id()), dev).status()).isEqualTo(204);
    assertProblem(api.delete(path("/rules/" + rule.id()), dev), 404, "intervention.rule_not_found");
  }

  @Test
  void feedbackOnARunIsReviewedAndAdoptedAsACuratedPair() {
    long run = AgentRows.run(jdbc, appId, code, tenant.orgId(), tenant.devId(), "公积金怎么提取", "不知道");
    assertThat(fields(api.post("/api/v1/runs/" + run + "/feedback", dev, map("rating", "meh")))).containsExactly(
        "rating");
    var other = fx.tenant("iv-other");
    assertProblem(api.post("/api/v1/runs/" + run + "/feedback", fx.login(other.devName()), map("rating", "up")), 404,
        "run.not_found");
    var given = api.post("/api/v1/runs/" + run + "/feedback", dev, map("rating", "down", "comment", "答非所问",
        "corrected_answer", "携带身份证到公积金中心提取。"));
    assertThat(given.status()).as(given.toString()).isEqualTo(201);
    assertThat(given.text("query")).isEqualTo("公积金怎么提取");

    var review = api.get("/api/v1/apps/" + code + "/feedback?rating=down", dev).json();
    assertThat(review.get("total").asInt()).isEqualTo(1);
    assertThat(review.get("items").get(0).get("status").asString()).isEqualTo("new");
    var adopted = api.post("/api/v1/apps/" + code + "/feedback/" + given.id() + "/adopt", dev, null);
    assertThat(adopted.status()).as(adopted.toString()).isEqualTo(200);
    assertThat(adopted.text("status")).isEqualTo("adopted");

    assertThat(interventions.before(caller, appId, "公积金怎么提取？")).hasValueSatisfying(i ->
        assertThat(i.answer()).isEqualTo("携带身份证到公积金中心提取。"));
    var pairs = api.get("/api/v1/apps/" + code + "/interventions/qa", dev).json().get("items");
    assertThat(pairs.get(0).get("source").asString()).isEqualTo("feedback");
    assertProblem(api.get("/api/v1/apps/" + code + "/feedback?status=odd", dev), 400, "validation_failed");
  }

  @Test
  void anotherTenantsAppAnswers404() {
    var other = fx.tenant("iv-b");
    String bDev = fx.login(other.devName());
    assertProblem(api.get(path("/qa"), bDev), 404, "app.not_found");
    assertProblem(api.post(path("/qa"), bDev, map("question", "q", "answer", "a")), 404, "app.not_found");
    assertThat(jdbc.sql("select count(*) from agent_qa_pairs where app_id = :a").param("a", appId)
        .query(Long.class).single()).isZero();
    assertThat(List.of(api.get("/api/v1/apps/no-such-app/interventions/settings", dev).status())).containsExactly(404);
  }
}
