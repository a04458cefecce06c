package io.jingzhi.server.agent.app;

import static io.jingzhi.server.support.IamFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.TestApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant laid out for app tests: the 委办局 with an office that owns a project and a sibling office, a developer
 * in each office, a reviewer (read only), and a second tenant with its own developer.
 */
record AppWorld(Tenant a, String aAdmin, long office, long sibling, String project, String officeDev,
    String siblingDev, String reviewer, Tenant b, String bDev, String bProject) {

  static AppWorld build(TestApi api, IamFixtures fx) {
    Tenant a = fx.tenant("apps-a");
    String aAdmin = fx.login(a.adminName());
    long office = fx.createOrg(aAdmin, unique("office"), "就业促进处", a.orgId(), false);
    long sibling = fx.createOrg(aAdmin, unique("sibling"), "社会保险处", a.orgId(), false);
    String project = unique("proj");
    var p = api.post("/api/v1/projects", aAdmin, Map.of("code", project, "name", "政策问答", "org_id", office));
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    String officeDevName = unique("office-dev");
    fx.createUser(aAdmin, officeDevName, office, "developer");
    String siblingDevName = unique("sibling-dev");
    fx.createUser(aAdmin, siblingDevName, sibling, "developer");
    String reviewerName = unique("reviewer");
    fx.createUser(aAdmin, reviewerName, office, "reviewer");
    Tenant b = fx.tenant("apps-b");
    String bAdmin = fx.login(b.adminName());
    String bProject = unique("bproj");
    var bp = api.post("/api/v1/projects", bAdmin, Map.of("code", bProject, "name", "乙项目", "org_id", b.orgId()));
    assertThat(bp.status()).as(bp.toString()).isEqualTo(201);
    return new AppWorld(a, aAdmin, office, sibling, project, fx.login(officeDevName), fx.login(siblingDevName),
        fx.login(reviewerName), b, fx.login(b.devName()), bProject);
  }

  /** A valid workflow: start(question) → answer echoing it, with a secret and a plain environment variable. */
  static Map<String, Object> workflow(String secret) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("format", "jingzhi-workflow/1");
    d.put("environment", List.of(
        Map.of("name", "API_TOKEN", "type", "secret", "value", secret),
        Map.of("name", "BASE_URL", "type", "string", "value", "http://127.0.0.1:9400")));
    d.put("nodes", new java.util.ArrayList<Object>(List.of(
        Map.of("id", "start", "type", "start", "title", "开始", "config", Map.of("inputs", List.of(
            Map.of("name", "question", "type", "string", "label", "问题", "required", true)))),
        Map.of("id", "answer", "type", "answer", "title", "回复", "config",
            Map.of("text", "您问的是：{{start.question}}")))));
    d.put("edges", List.of(Map.of("source", "start", "target", "answer")));
    return d;
  }

  static Map<String, Object> app(String code, String type, String project, Object... more) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", code);
    m.put("name", "应用 " + code);
    m.put("type", type);
    m.put("project", project);
    for (int i = 0; i < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }
}
