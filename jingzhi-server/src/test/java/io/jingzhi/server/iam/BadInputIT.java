package io.jingzhi.server.iam;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed, mistyped, oversized and misdirected requests get clear problems and change nothing stored. */
class BadInputIT extends ServerIT {

  private static final List<String> TABLES = List.of("iam_orgs", "iam_users", "iam_user_roles", "iam_groups",
      "iam_group_members", "iam_projects", "iam_apps", "iam_api_keys", "iam_roles", "iam_role_permissions");

  private String admin;
  private long org;

  @BeforeEach
  void signIn() {
    admin = fx.admin();
    org = fx.createOrg(admin, unique("bad"), "坏输入局", fx.rootId(), true);
  }

  private Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    TABLES.forEach(t -> counts.put(t, jdbc.sql("select count(*) from " + t).query(Long.class).single()));
    return counts;
  }

  private String orgSnapshot() {
    return jdbc.sql("select name || '|' || path || '|' || enabled || '|' || tenant_id from iam_orgs where id = :id")
        .param("id", org).query(String.class).single();
  }

  private TestApi.Res json(String method, String path, String body) {
    return api.raw(method, path, admin, "application/json", body);
  }

  @Test
  void malformedJsonIsAMalformedBody() {
    var before = counts();
    assertProblem(json("POST", "/api/v1/orgs", "{\"code\": \"x\", "), 400, "malformed_body");
    assertProblem(json("PATCH", "/api/v1/orgs/" + org, "{name: 'single quotes'}"), 400, "malformed_body");
    assertProblem(json("POST", "/api/v1/users", ""), 400, "malformed_body");
    assertProblem(json("POST", "/api/v1/users", "[1, 2]"), 400, null);
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void pathsTheFirewallRefusesAreProblemsToo() {
    var before = counts();
    assertProblem(api.get("/api/v1//orgs", admin), 400, "request_rejected");
    assertProblem(api.get("/api/v1/orgs/%2e%2e/users", admin), 400, "request_rejected");
    var openAi = api.get("/v1//models", admin);
    assertThat(openAi.status()).isEqualTo(400);
    assertThat(openAi.json().path("error").path("code").asString()).isEqualTo("request_rejected");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void wrongTypesNameTheField() {
    var before = counts();
    var parent = assertProblem(json("POST", "/api/v1/orgs", "{\"code\":\"x1\",\"name\":\"n\",\"parent_id\":\"abc\"}"),
        400, "validation_failed");
    assertThat(fields(parent)).containsExactly("parent_id");
    var enabled = assertProblem(json("PATCH", "/api/v1/orgs/" + org, "{\"enabled\":\"maybe\"}"), 400,
        "validation_failed");
    assertThat(fields(enabled)).containsExactly("enabled");
    var roles = assertProblem(json("PUT", "/api/v1/groups/1/members", "{\"user_ids\":[1,\"two\"]}"), 400,
        "validation_failed");
    assertThat(fields(roles)).singleElement().asString().startsWith("user_ids");
    var expiry = assertProblem(json("PATCH", "/api/v1/users/1", "{\"expires_at\":\"next tuesday\"}"), 400,
        "validation_failed");
    assertThat(fields(expiry)).containsExactly("expires_at");
    var path = assertProblem(api.get("/api/v1/orgs/abc", admin), 400, "validation_failed");
    assertThat(fields(path)).containsExactly("id");
    var query = assertProblem(api.get("/api/v1/users?page=first", admin), 400, "validation_failed");
    assertThat(fields(query)).containsExactly("page");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void bodiesOverTheLimitAre413WithOrWithoutALength() {
    var before = counts();
    String snapshot = orgSnapshot();
    String huge = "{\"name\":\"" + "a".repeat(2 * 1024 * 1024 + 16) + "\"}";
    var declared = assertProblem(json("PATCH", "/api/v1/orgs/" + org, huge), 413, "body_too_large");
    assertThat(declared.text("detail")).contains(String.valueOf(2 * 1024 * 1024));
    assertProblem(api.chunked("PATCH", "/api/v1/orgs/" + org, admin, "application/json",
        huge.getBytes(StandardCharsets.UTF_8)), 413, "body_too_large");
    assertProblem(api.chunked("POST", "/api/v1/orgs", admin, "application/json",
        ("{\"code\":\"big\",\"parent_id\":" + org + ",\"name\":\"" + "b".repeat(3 * 1024 * 1024) + "\"}")
            .getBytes(StandardCharsets.UTF_8)), 413, "body_too_large");
    assertThat(orgSnapshot()).isEqualTo(snapshot);
    assertThat(counts()).isEqualTo(before);

    var small = api.chunked("PATCH", "/api/v1/orgs/" + org, admin, "application/json",
        "{\"name\":\"分块改名\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(small.status()).as("a small chunked body still works: %s", small).isEqualTo(200);
    assertThat(small.text("name")).isEqualTo("分块改名");
  }

  @Test
  void unknownIdsAre404Problems() {
    assertProblem(api.get("/api/v1/orgs/987654321", admin), 404, "org.not_found");
    assertProblem(api.get("/api/v1/users/987654321", admin), 404, "user.not_found");
    assertProblem(api.get("/api/v1/groups/987654321", admin), 404, "group.not_found");
    assertProblem(api.get("/api/v1/projects/987654321", admin), 404, "project.not_found");
    assertProblem(api.get("/api/v1/api-keys/987654321", admin), 404, "api_key.not_found");
    assertProblem(api.get("/api/v1/roles/no-such-role", admin), 404, "role.not_found");
    assertProblem(api.patch("/api/v1/users/987654321", admin, map("display_name", "x")), 404, "user.not_found");
    assertProblem(api.delete("/api/v1/groups/987654321", admin), 404, "group.not_found");
  }

  @Test
  void unknownPathsWrongMethodsAndMediaTypesAreProblemsToo() {
    var unknown = assertProblem(api.get("/api/v1/no-such-thing", admin), 404, null);
    assertThat(unknown.body()).doesNotContain("<html");
    assertProblem(api.get("/api/v1/orgs/1/no-such-thing", admin), 404, null);
    assertProblem(api.get("/api/v1/no-such-thing", null), 401, "unauthenticated");

    var method = assertProblem(api.delete("/api/v1/orgs", admin), 405, "method_not_allowed");
    assertThat(method.header("Allow")).contains("GET").contains("POST");
    assertProblem(api.raw("PUT", "/api/v1/orgs/" + org, admin, "application/json", "{}"), 405, "method_not_allowed");

    var before = counts();
    assertProblem(api.raw("POST", "/api/v1/orgs", admin, "text/plain", "code=x&name=y"), 415,
        "unsupported_media_type");
    assertProblem(api.raw("POST", "/api/v1/orgs", admin, "application/x-www-form-urlencoded",
        "code=x&name=y&parent_id=1"), 415, "unsupported_media_type");
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void theRequestIdIsEchoedOrMade() {
    var given = api.send("GET", "/api/v1/orgs/987654321", admin, Map.of("X-Request-Id", "trace-42.abc"), null, null);
    assertProblem(given, 404, "org.not_found");
    assertThat(given.header("X-Request-Id")).isEqualTo("trace-42.abc");
    assertThat(given.text("request_id")).isEqualTo("trace-42.abc");

    var hostile = api.send("GET", "/api/v1/orgs/987654321", admin, Map.of("X-Request-Id", "<script>alert(1)"), null,
        null);
    assertThat(hostile.header("X-Request-Id")).isNotEqualTo("<script>alert(1)").matches("[0-9a-f-]{36}");
    assertThat(hostile.text("request_id")).isEqualTo(hostile.header("X-Request-Id"));

    var anonymous = api.send("GET", "/api/v1/orgs", null, Map.of("X-Request-Id", "anon-1"), null, null);
    assertProblem(anonymous, 401, "unauthenticated");
    assertThat(anonymous.text("request_id")).isEqualTo("anon-1");
    assertThat(api.get("/api/v1/orgs", admin).header("X-Request-Id")).isNotBlank();
  }

  @Test
  void rejectedChangesLeaveStoredDataAsItWas() {
    long user = fx.createUser(admin, unique("keep"), org);
    var before = counts();
    String snapshot = orgSnapshot();
    assertProblem(api.patch("/api/v1/orgs/" + org, admin, map("name", "x".repeat(201))), 400, "validation_failed");
    assertProblem(api.post("/api/v1/orgs/" + org + "/move", admin, map("parent_id", org)), 400, "validation_failed");
    assertProblem(api.delete("/api/v1/orgs/" + org, admin), 409, "org.not_empty");
    assertProblem(api.patch("/api/v1/users/" + user, admin, map("org_id", 987654321)), 404, "org.not_found");
    assertProblem(api.post("/api/v1/users", admin, map("username", unique("z"), "display_name", "z",
        "password", "short", "org_id", org)), 400, "password.policy");
    assertThat(orgSnapshot()).isEqualTo(snapshot);
    assertThat(counts()).isEqualTo(before);
    assertThat(api.get("/api/v1/users/" + user, admin).json().get("org_id").asLong()).isEqualTo(org);
  }
}
