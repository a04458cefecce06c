package io.jingzhi.server.agent.app;

import static io.jingzhi.server.agent.app.AppWorld.app;
import static io.jingzhi.server.agent.app.AppWorld.workflow;
import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.app.AppDefinitions;
import io.jingzhi.server.support.ServerIT;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The app catalog (应用广场): fuzzy search, tags, types, sorting by recency, use and favourites, counters;
 * favourites and copies; API keys scoped to one app, which list (and later run) only that app.
 */
class AppCatalogIT extends ServerIT {

  private static AppWorld shared;
  private static int sharedPort;
  private static String tag;

  @Autowired
  AppDefinitions definitions;

  private AppWorld w;

  @BeforeEach
  void world() {
    if (shared == null || sharedPort != port) {
      shared = AppWorld.build(api, fx);
      sharedPort = port;
      tag = unique("tag");
    }
    w = shared;
  }

  private String publish(String name, String type, String description, List<String> tags, String sharing) {
    String code = unique("cat").toLowerCase();
    Map<String, Object> body = app(code, type, w.project(), "sharing", sharing, "description", description,
        "tags", tags);
    body.put("name", name);
    if (type.equals("workflow")) {
      body.put("definition", workflow("x"));
    } else {
      body.put("assistant", map("model", "demo-chat", "system_prompt", "你好"));
    }
    var created = api.post("/api/v1/apps", w.officeDev(), body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(api.post("/api/v1/apps/" + code + "/publish", w.officeDev(), map("note", "v1")).status())
        .isEqualTo(200);
    return code;
  }

  private List<String> codes(String query, String token) {
    var res = api.get("/api/v1/apps?" + query, token);
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    return res.json().get("items").valueStream().map(a -> a.get("code").asString()).toList();
  }

  @Test
  void searchesRanksFiltersAndSorts() {
    String policy = publish("人社政策助手", "assistant", "回答就业补贴问题", List.of(tag, "政策"), "org");
    String subsidy = publish("补贴申领工作流", "workflow", "人社政策中的补贴申领流程", List.of(tag), "org");
    String hotline = publish("热线工单摘要", "workflow", "12345 热线", List.of(tag, "热线"), "org");
    String hidden = unique("cat").toLowerCase();
    api.post("/api/v1/apps", w.officeDev(), app(hidden, "workflow", w.project(), "tags", List.of(tag)));

    assertThat(codes("tag=" + tag, w.siblingDev())).as("published only, newest first")
        .containsExactly(hotline, subsidy, policy);
    assertThat(codes("tag=" + tag + "&q=人社政策", w.siblingDev())).as("name match before description match")
        .containsExactly(policy, subsidy);
    assertThat(codes("tag=" + tag + "&q=人社助手", w.siblingDev())).as("fuzzy: in order, with gaps")
        .containsExactly(policy);
    assertThat(codes("tag=" + tag + "&q=" + hotline.toUpperCase(), w.siblingDev())).containsExactly(hotline);
    assertThat(codes("tag=" + tag + "&q=热线", w.siblingDev())).containsExactly(hotline);
    assertThat(codes("tag=" + tag + "&type=assistant", w.siblingDev())).containsExactly(policy);
    assertThat(codes("tag=" + tag + "&mine=true", w.officeDev())).as("drafts too for the builders")
        .contains(hidden, hotline, subsidy, policy);
    assertThat(codes("tag=" + tag + "&mine=true", w.siblingDev())).isEmpty();
    assertThat(codes("tag=" + tag, w.bDev())).isEmpty();

    long subsidyId = definitions.runnable(callerOf(w), subsidy, null).appId();
    definitions.used(subsidyId);
    definitions.used(subsidyId);
    definitions.used(definitions.runnable(callerOf(w), hotline, null).appId());
    assertThat(codes("tag=" + tag + "&sort=popular", w.siblingDev())).containsExactly(subsidy, hotline, policy);

    assertThat(api.put("/api/v1/apps/" + policy + "/favourite", w.siblingDev(), null).status()).isEqualTo(204);
    assertThat(api.put("/api/v1/apps/" + policy + "/favourite", w.siblingDev(), null).status())
        .as("idempotent").isEqualTo(204);
    api.put("/api/v1/apps/" + policy + "/favourite", w.officeDev(), null);
    api.put("/api/v1/apps/" + hotline + "/favourite", w.officeDev(), null);
    assertThat(codes("tag=" + tag + "&sort=favourites", w.siblingDev())).containsExactly(policy, hotline, subsidy);
    JsonNode item = api.get("/api/v1/apps?tag=" + tag + "&q=" + policy, w.siblingDev()).json().get("items").get(0);
    assertThat(item.get("favourites").asLong()).isEqualTo(2);
    assertThat(item.get("favourite").asBoolean()).isTrue();
    assertThat(item.get("publisher").asString()).startsWith("用户 ");
    assertThat(item.get("published_at").isNull()).isFalse();
    assertThat(item.get("version").asInt()).isEqualTo(1);
    assertThat(item.get("editable").asBoolean()).isFalse();
    assertThat(api.delete("/api/v1/apps/" + policy + "/favourite", w.siblingDev()).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/apps?tag=" + tag + "&q=" + policy, w.siblingDev()).json().get("items").get(0)
        .get("favourite").asBoolean()).isFalse();

    assertThat(api.get("/api/v1/apps?tag=" + tag + "&size=2&page=2", w.siblingDev()).json().get("total").asInt())
        .isEqualTo(3);
    assertProblem(api.get("/api/v1/apps?sort=best", w.siblingDev()), 400, "validation_failed");
    assertProblem(api.get("/api/v1/apps?type=bot", w.siblingDev()), 400, "validation_failed");
  }

  @Test
  void copiesIntoAProjectTheCallerBuildsInWithoutSecrets() {
    String source = unique("src").toLowerCase();
    api.post("/api/v1/apps", w.officeDev(), app(source, "workflow", w.project(), "sharing", "global",
        "definition", workflow("the-secret")));
    api.post("/api/v1/apps/" + source + "/publish", w.officeDev(), null);
    String copy = unique("copy").toLowerCase();
    var copied = api.post("/api/v1/apps/" + source + "/copy", w.bDev(), map("code", copy, "name", "我的副本",
        "project", w.bProject()));
    assertThat(copied.status()).as(copied.toString()).isEqualTo(201);
    assertThat(copied.json().get("name").asString()).isEqualTo("我的副本");
    assertThat(copied.json().get("project").asString()).isEqualTo(w.bProject());
    assertThat(copied.json().get("sharing").asString()).isEqualTo("private");
    JsonNode draft = api.get("/api/v1/apps/" + copy + "/draft", w.bDev()).json().get("definition");
    assertThat(draft.get("nodes").size()).isEqualTo(2);
    assertThat(draft.get("environment").get(0).get("value").asString()).as("secrets are not copied").isEmpty();
    assertThat(api.get("/api/v1/apps/" + source, w.officeDev()).json().get("copies").asLong()).isEqualTo(1);

    assertProblem(api.post("/api/v1/apps/" + source + "/copy", w.bDev(), map("code", copy, "project",
        w.bProject())), 409, "app.code_taken");
    assertProblem(api.post("/api/v1/apps/" + source + "/copy", w.bDev(), map("code", unique("c").toLowerCase(),
        "project", w.project())), 404, "project.not_found");
    assertProblem(api.post("/api/v1/apps/" + source + "/copy", w.reviewer(), map("code", unique("c").toLowerCase(),
        "project", w.project())), 403, "permission_denied");
  }

  @Test
  void keysAreScopedToTheirAppAndOnlyListAndRun() {
    String mine = publish("密钥应用", "workflow", "d", List.of("k"), "private");
    String other = publish("其他应用", "workflow", "d", List.of("k"), "private");
    var key = api.post("/api/v1/apps/" + mine + "/keys", w.officeDev(), map("name", "portal", "rpm", 60));
    assertThat(key.status()).as(key.toString()).isEqualTo(201);
    String secret = key.text("key");
    assertThat(secret).startsWith("sk-jz-");
    assertThat(key.json().get("models").valueStream().map(JsonNode::asString)).containsExactly("app/" + mine);
    var listed = api.get("/api/v1/apps/" + mine + "/keys", w.officeDev());
    assertThat(listed.json().size()).isEqualTo(1);
    assertThat(listed.body()).doesNotContain(secret);
    assertThat(api.post("/api/v1/apps/" + mine + "/keys", w.officeDev(), map("name", "second")).status())
        .as("the IAM app is reused").isEqualTo(201);
    assertThat(api.get("/api/v1/apps/" + mine + "/keys", w.officeDev()).json().size()).isEqualTo(2);
    assertProblem(api.post("/api/v1/apps/" + mine + "/keys", w.siblingDev(), map("name", "x")), 404,
        "app.not_found");
    assertProblem(api.post("/api/v1/apps/" + mine + "/keys", w.officeDev(), map("name", "")), 400,
        "validation_failed");

    assertThat(codes("size=100", secret)).as("a key lists the one app it may run").containsExactly(mine);
    assertThat(codes("size=100", secret)).doesNotContain(other);
    assertProblem(api.get("/api/v1/apps/" + mine, secret), 403, "user_only");
    assertProblem(api.get("/api/v1/apps?mine=true", secret), 403, "user_only");
    assertProblem(api.post("/api/v1/apps", secret, app(unique("k").toLowerCase(), "workflow", w.project())), 403,
        "user_only");
    assertProblem(api.post("/api/v1/apps/" + mine + "/publish", secret, null), 403, "user_only");
  }

  private io.jingzhi.iam.api.Caller callerOf(AppWorld w) {
    return new io.jingzhi.iam.api.Caller(1, "u", "u", w.office(), w.a().orgId(), java.util.Set.of("developer"),
        java.util.Set.of(io.jingzhi.iam.api.Permissions.AGENT_INVOKE), io.jingzhi.iam.api.Caller.AuthType.USER,
        null, null, null, null, false);
  }
}
