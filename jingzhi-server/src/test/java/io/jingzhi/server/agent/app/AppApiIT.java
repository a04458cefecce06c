package io.jingzhi.server.agent.app;

import static io.jingzhi.server.agent.app.AppWorld.app;
import static io.jingzhi.server.agent.app.AppWorld.workflow;
import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.app.AppDefinitions;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.server.support.ServerIT;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Apps through the real API: create, read, change, delete; sharing across offices and tenants; drafts, publishing,
 * versions and restore; secrets that are never shown; assistants compiled into workflows; what the run side gets.
 */
class AppApiIT extends ServerIT {

  private static AppWorld shared;
  private static int sharedPort;

  @Autowired
  AppDefinitions definitions;

  private AppWorld w;

  @BeforeEach
  void world() {
    if (shared == null || sharedPort != port) {
      shared = AppWorld.build(api, fx);
      sharedPort = port;
    }
    w = shared;
  }

  @Test
  void createsReadsChangesAndDeletesAnApp() {
    String code = unique("wf").toLowerCase();
    var created = api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(),
        "description", "补贴政策咨询", "tags", List.of("人社", "补贴"), "definition", workflow("s3cret-value")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode app = created.json();
    assertThat(app.get("code").asString()).isEqualTo(code);
    assertThat(app.get("type").asString()).isEqualTo("workflow");
    assertThat(app.get("project").asString()).isEqualTo(w.project());
    assertThat(app.get("sharing").asString()).isEqualTo("private");
    assertThat(app.get("published_version").isNull()).isTrue();
    assertThat(app.get("channels").size()).isZero();
    assertThat(app.get("editable").asBoolean()).isTrue();
    assertThat(app.get("org_name").asString()).isEqualTo("就业促进处");

    var read = api.get("/api/v1/apps/" + code, w.officeDev());
    assertThat(read.json().get("views").asLong()).isEqualTo(1);
    assertThat(api.get("/api/v1/apps/" + code, w.officeDev()).json().get("views").asLong()).isEqualTo(2);

    var patched = api.patch("/api/v1/apps/" + code, w.officeDev(), map("name", "补贴咨询", "tags", List.of("人社")));
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().get("name").asString()).isEqualTo("补贴咨询");
    assertThat(patched.json().get("description").asString()).as("kept").isEqualTo("补贴政策咨询");
    assertThat(patched.json().get("tags").size()).isEqualTo(1);

    assertThat(jdbc.sql("select count(*) from iam_audit_events where action like 'agent.app.%' and target_name = :c")
        .param("c", code).query(Long.class).single()).as("audited").isGreaterThanOrEqualTo(2);

    assertThat(api.delete("/api/v1/apps/" + code, w.officeDev()).status()).isEqualTo(204);
    assertProblem(api.get("/api/v1/apps/" + code, w.officeDev()), 404, "app.not_found");
    assertThat(jdbc.sql("select count(*) from agent_app_versions v where not exists (select 1 from agent_apps a"
        + " where a.id = v.app_id)").query(Long.class).single()).as("versions go with the app").isZero();
  }

  @Test
  void refusesBadInputWithTheFieldAndKeepsWhatIsStored() {
    String code = unique("bad").toLowerCase();
    assertThat(fields(assertProblem(api.post("/api/v1/apps", w.officeDev(), app("Bad_Code", "workflow",
        w.project())), 400, "validation_failed"))).contains("code");
    assertThat(fields(assertProblem(api.post("/api/v1/apps", w.officeDev(), app(code, "chatbot", w.project())),
        400, "validation_failed"))).contains("type");
    assertThat(fields(assertProblem(api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(),
        "sharing", "everyone")), 400, "validation_failed"))).contains("sharing");
    assertProblem(api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", "no-such-project")), 404,
        "project.not_found");
    assertProblem(api.post("/api/v1/apps", w.officeDev(), app("draft", "workflow", w.project())), 400,
        "validation_failed");
    assertProblem(api.raw("POST", "/api/v1/apps", w.officeDev(), "application/json", "{\"code\": "), 400, null);
    var definitionNotObject = assertProblem(api.post("/api/v1/apps", w.officeDev(), app(code, "workflow",
        w.project(), "definition", List.of(1, 2))), 422, "workflow.invalid");
    assertThat(fields(definitionNotObject)).containsExactly("definition");
    var wrongType = assertProblem(api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(),
        "definition", Map.of("nodes", "not a list"))), 422, "workflow.invalid");
    assertThat(fields(wrongType)).containsExactly("definition.nodes");
    var assistantWithoutModel = assertProblem(api.post("/api/v1/apps", w.officeDev(), app(code, "assistant",
        w.project(), "assistant", Map.of("system_prompt", "x", "temperature", 5))), 422, "workflow.invalid");
    assertThat(fields(assistantWithoutModel)).contains("assistant.model", "assistant.temperature");

    assertThat(api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project())).status())
        .isEqualTo(201);
    assertProblem(api.post("/api/v1/apps", w.siblingDev(), app(code, "assistant", w.project())), 403,
        "project.not_yours");
    assertProblem(api.post("/api/v1/apps", w.officeDev(), app(code, "assistant", w.project())), 409,
        "app.code_taken");
    assertProblem(api.put("/api/v1/apps/" + code + "/draft", w.officeDev(), map("definition", "nope")), 422,
        "workflow.invalid");
    assertThat(api.get("/api/v1/apps/" + code, w.officeDev()).json().get("type").asString()).isEqualTo("workflow");
    assertThat(api.get("/api/v1/apps/" + code + "/draft", w.officeDev()).json().get("definition").get("nodes")
        .size()).as("the empty draft is still there").isEqualTo(2);
  }

  @Test
  void sharingDecidesWhoReadsAndOnlyOwnersChange() {
    String code = unique("share").toLowerCase();
    assertThat(api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(),
        "definition", workflow("x"))).status()).isEqualTo(201);
    String path = "/api/v1/apps/" + code;
    assertThat(api.get(path, w.officeDev()).status()).isEqualTo(200);
    assertThat(api.get(path, w.aAdmin()).status()).as("the tenant's top org owns it too").isEqualTo(200);
    assertThat(api.get(path, w.reviewer()).status()).as("same office, read only").isEqualTo(200);
    assertProblem(api.patch(path, w.reviewer(), map("name", "x")), 403, "permission_denied");
    assertProblem(api.get(path, w.siblingDev()), 404, "app.not_found");
    assertProblem(api.get(path, w.bDev()), 404, "app.not_found");

    assertThat(api.patch(path, w.officeDev(), map("sharing", "org")).status()).isEqualTo(200);
    assertThat(api.get(path, w.siblingDev()).status()).isEqualTo(200);
    assertProblem(api.patch(path, w.siblingDev(), map("name", "hacked")), 403, "app.read_only");
    assertProblem(api.get(path + "/draft", w.siblingDev()), 403, "app.read_only");
    assertProblem(api.get(path, w.bDev()), 404, "app.not_found");

    assertThat(api.patch(path, w.officeDev(), map("sharing", "global")).status()).isEqualTo(200);
    assertThat(api.get(path, w.bDev()).status()).isEqualTo(200);
    assertProblem(api.delete(path, w.bDev()), 403, "app.read_only");
    assertThat(api.get(path, w.officeDev()).json().get("name").asString()).isEqualTo("应用 " + code);
  }

  @Test
  void draftsArePublishedAsFrozenVersionsAndRestored() {
    String code = unique("ver").toLowerCase();
    api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(), "definition", workflow("v1-secret")));
    String path = "/api/v1/apps/" + code;
    assertProblem(api.post(path + "/publish", w.reviewer(), map("note", "x")), 403, "permission_denied");
    var v1 = api.post(path + "/publish", w.officeDev(), map("note", "首个版本"));
    assertThat(v1.status()).as(v1.toString()).isEqualTo(200);
    assertThat(v1.json().get("version").asInt()).isEqualTo(1);
    assertThat(v1.json().get("note").asString()).isEqualTo("首个版本");
    var app = api.get(path, w.officeDev()).json();
    assertThat(app.get("published_version").asInt()).isEqualTo(1);
    assertThat(app.get("publisher").asString()).startsWith("用户 ");
    assertThat(app.get("channels").valueStream().map(JsonNode::asString)).containsExactly("api", "openai", "web");

    Map<String, Object> changed = workflow("******");
    ((List<Map<String, Object>>) changed.get("nodes")).set(1, Map.of("id", "answer", "type", "answer",
        "config", Map.of("text", "第二版：{{start.question}}")));
    assertThat(api.put(path + "/draft", w.officeDev(), map("definition", changed)).status()).isEqualTo(200);
    assertThat(api.post(path + "/publish", w.officeDev(), null).json().get("version").asInt()).isEqualTo(2);

    var versions = api.get(path + "/versions", w.officeDev()).json();
    assertThat(versions.valueStream().map(v -> v.get("version").asInt())).containsExactly(2, 1);
    assertThat(api.get(path + "/versions/1", w.officeDev()).json().get("definition").get("nodes").get(1)
        .get("config").get("text").asString()).isEqualTo("您问的是：{{start.question}}");
    assertProblem(api.get(path + "/versions/9", w.officeDev()), 404, "app_version.not_found");

    var restored = api.post(path + "/versions/1/restore", w.officeDev(), null);
    assertThat(restored.status()).isEqualTo(200);
    assertThat(api.get(path + "/draft", w.officeDev()).json().get("definition").get("nodes").get(1)
        .get("config").get("text").asString()).isEqualTo("您问的是：{{start.question}}");
    assertThat(api.get(path, w.officeDev()).json().get("published_version").asInt())
        .as("restoring changes only the draft").isEqualTo(2);
  }

  @Test
  void secretsAreSealedNeverShownAndKeptWhenSentMasked() {
    String code = unique("sec").toLowerCase();
    api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(), "definition", workflow("tok-1")));
    String path = "/api/v1/apps/" + code;
    String stored = jdbc.sql("select v.definition from agent_app_versions v join agent_apps a on a.id = v.app_id"
        + " where a.code = :c and v.version = 0").param("c", code).query(String.class).single();
    assertThat(stored).doesNotContain("tok-1").contains("enc:v1:");
    JsonNode env = api.get(path + "/draft", w.officeDev()).json().get("definition").get("environment");
    assertThat(env.get(0).get("value").asString()).isEqualTo("******");
    assertThat(env.get(1).get("value").asString()).isEqualTo("http://127.0.0.1:9400");

    // Sent back masked: the stored secret stays.
    assertThat(api.put(path + "/draft", w.officeDev(), map("definition", workflow("******"))).status())
        .isEqualTo(200);
    assertThat(api.post(path + "/publish", w.officeDev(), map("note", "v1")).status()).isEqualTo(200);
    assertThat(api.get(path + "/versions/1", w.officeDev()).body()).doesNotContain("tok-1");
    var run = definitions.runnable(user(w.a().orgId()), code, null);
    assertThat(run.version()).isEqualTo(1);
    assertThat(run.environment()).containsEntry("API_TOKEN", "tok-1").containsEntry("BASE_URL",
        "http://127.0.0.1:9400");

    // A new clear value replaces it.
    api.put(path + "/draft", w.officeDev(), map("definition", workflow("tok-2")));
    assertThat(definitions.runnable(user(w.a().orgId()), code, 0).environment()).containsEntry("API_TOKEN",
        "tok-2");
    assertThat(api.get(path + "/draft", w.officeDev()).body()).doesNotContain("tok-2");
    assertThat(jdbc.sql("select count(*) from iam_audit_events where after_state like '%tok-%'")
        .query(Long.class).single()).as("no secret in the audit trail").isZero();
  }

  @Test
  void theRunSideGetsPublishedVersionsDraftsOnlyForBuilders() {
    String code = unique("run").toLowerCase();
    api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(), "sharing", "org",
        "definition", workflow("k")));
    Caller sibling = new Caller(1, "s", "s", w.sibling(), w.a().orgId(), Set.of("developer"),
        Set.of(Permissions.AGENT_INVOKE, Permissions.AGENT_WRITE), Caller.AuthType.USER, null, null, null, null,
        false);
    assertThat(code(() -> definitions.runnable(sibling, code, null))).isEqualTo("app.not_published");
    api.post("/api/v1/apps/" + code + "/publish", w.officeDev(), null);
    assertThat(definitions.runnable(sibling, code, null).version()).isEqualTo(1);
    assertThat(definitions.runnable(sibling, code, 1).definition().nodes()).hasSize(2);
    assertThat(code(() -> definitions.runnable(sibling, code, 0))).isEqualTo("app.draft_forbidden");
    assertThat(definitions.runnable(user(w.a().orgId()), code, 0).version()).isZero();
    assertThat(code(() -> definitions.runnable(sibling, code, 7))).isEqualTo("app_version.not_found");
    Caller other = new Caller(2, "o", "o", w.b().orgId(), w.b().orgId(), Set.of("developer"),
        Set.of(Permissions.AGENT_INVOKE), Caller.AuthType.USER, null, null, null, null, false);
    assertThat(code(() -> definitions.runnable(other, code, null))).isEqualTo("app.not_found");
    assertThat(definitions.usable(sibling).stream().map(AppDefinitions.UsableApp::code)).contains(code);
    assertThat(definitions.usable(other).stream().map(AppDefinitions.UsableApp::code)).doesNotContain(code);
    long id = definitions.runnable(sibling, code, null).appId();
    definitions.used(id);
    definitions.used(id);
    assertThat(api.get("/api/v1/apps/" + code, w.officeDev()).json().get("uses").asLong()).isEqualTo(2);
  }

  @Test
  void anAssistantIsCompiledIntoAWorkflow() {
    String code = unique("asst").toLowerCase();
    Map<String, Object> form = map("model", "demo-chat", "system_prompt", "你是人社政策助手。",
        "opening_statement", "您好", "opening_questions", List.of("补贴标准？"),
        "knowledge", map("bases", List.of("rsj-policy-kb"), "top_k", 3), "temperature", 0.2, "memory_turns", 2);
    var created = api.post("/api/v1/apps", w.officeDev(), app(code, "assistant", w.project(), "assistant", form));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode draft = api.get("/api/v1/apps/" + code + "/draft", w.officeDev()).json();
    assertThat(draft.get("assistant").get("opening_questions").get(0).asString()).isEqualTo("补贴标准？");
    JsonNode nodes = draft.get("definition").get("nodes");
    assertThat(nodes.valueStream().map(n -> n.get("type").asString()))
        .containsExactly("start", "knowledge", "llm", "answer");
    assertThat(nodes.get(1).get("config").get("knowledge_bases").get(0).asString()).isEqualTo("rsj-policy-kb");
    assertThat(nodes.get(2).get("config").get("system").asString()).contains("你是人社政策助手。")
        .contains("{{knowledge.context}}");
    assertThat(nodes.get(2).get("config").get("memory").get("turns").asInt()).isEqualTo(2);

    form.put("tools", List.of(map("kind", "mcp", "server", "jingzhi-tools", "tool", "current_time")));
    form.remove("knowledge");
    assertThat(api.put("/api/v1/apps/" + code + "/draft", w.officeDev(), map("assistant", form)).status())
        .isEqualTo(200);
    JsonNode agent = api.get("/api/v1/apps/" + code + "/draft", w.officeDev()).json().get("definition");
    assertThat(agent.get("nodes").valueStream().map(n -> n.get("type").asString()))
        .containsExactly("start", "agent", "answer");
    assertThat(agent.get("nodes").get(1).get("config").get("tools").get(0).get("server").asString())
        .isEqualTo("jingzhi-tools");
    assertProblem(api.put("/api/v1/apps/" + code + "/draft", w.officeDev(), map("definition", workflow("x"))), 422,
        "workflow.invalid");
  }

  @Test
  void theEngineRefusesAnInvalidDraftNamingTheNode() {
    String code = unique("inv").toLowerCase();
    api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(), "definition", workflow("x")));
    Map<String, Object> broken = workflow("******");
    ((List<Map<String, Object>>) broken.get("nodes")).set(1, Map.of("id", "answer", "type", "answer",
        "config", Map.of("text", "{{nowhere.text}}")));
    var refused = assertProblem(api.put("/api/v1/apps/" + code + "/draft", w.officeDev(), map("definition",
        broken)), 422, "workflow.invalid");
    assertThat(fields(refused)).anyMatch(f -> f.startsWith("nodes.answer"));
    var check = api.post("/api/v1/apps/" + code + "/validate", w.officeDev(), map("definition", broken)).json();
    assertThat(check.get("valid").asBoolean()).isFalse();
    assertThat(check.get("errors").get(0).get("field").asString()).startsWith("nodes.answer");
    assertThat(api.post("/api/v1/apps/" + code + "/validate", w.officeDev(), map("definition", workflow("x")))
        .json().get("valid").asBoolean()).isTrue();
    assertThat(api.get("/api/v1/apps/" + code + "/draft", w.officeDev()).json().get("definition").get("nodes")
        .get(1).get("config").get("text").asString()).as("nothing stored").isEqualTo("您问的是：{{start.question}}");
  }

  @Test
  void aSubWorkflowCallingItsOwnAppIsRefusedAtSave() {
    String code = unique("selfcall").toLowerCase();
    var refused = assertProblem(api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(),
        "definition", callingApp(code))), 422, "workflow.invalid");
    assertThat(fields(refused)).contains("nodes.sub.config.app");
    api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(), "definition", workflow("x")));
    var draft = assertProblem(api.put("/api/v1/apps/" + code + "/draft", w.officeDev(), map("definition",
        callingApp(code))), 422, "workflow.invalid");
    assertThat(fields(draft)).contains("nodes.sub.config.app");
    assertThat(api.post("/api/v1/apps/" + code + "/validate", w.officeDev(), map("definition",
        callingApp(code + "-other"))).json().get("valid").asBoolean()).as("another app may be called").isTrue();
  }

  /** A workflow whose only work is running the app {@code target} as a sub-workflow. */
  private static Map<String, Object> callingApp(String target) {
    Map<String, Object> d = workflow("x");
    List<Object> nodes = (List<Object>) d.get("nodes");
    nodes.add(1, Map.of("id", "sub", "type", "sub_workflow", "config", Map.of("app", target,
        "inputs", Map.of("question", "{{start.question}}"))));
    nodes.set(2, Map.of("id", "answer", "type", "answer", "config", Map.of("text", "{{sub.answer}}")));
    d.put("edges", List.of(Map.of("source", "start", "target", "sub"), Map.of("source", "sub", "target", "answer")));
    return d;
  }

  private Caller user(long orgId) {
    return new Caller(1, "u", "u", orgId, w.a().orgId(), Set.of("developer"), Set.of(Permissions.AGENT_INVOKE,
        Permissions.AGENT_WRITE, Permissions.AGENT_READ), Caller.AuthType.USER, null, null, null, null, false);
  }

  private static String code(Runnable r) {
    try {
      r.run();
      return "none";
    } catch (ApiException e) {
      return e.code();
    }
  }
}
