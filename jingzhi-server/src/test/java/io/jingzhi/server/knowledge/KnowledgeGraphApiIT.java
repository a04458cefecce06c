package io.jingzhi.server.knowledge;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.Multipart;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The knowledge graph of a base: ontology, entities and relations with their validation, multi-hop queries,
 * JSON export/import, rule extraction from a policy document uploaded through the documents API, and model
 * extraction through the gateway against the simulator (plumbing only: the simulator does not answer JSON).
 */
class KnowledgeGraphApiIT extends ServerIT {

  static Simulator sim;

  private Tenant tenant;
  private String admin;
  private Multipart files;
  private String project;

  @BeforeAll
  static void startSimulator() throws Exception {
    sim = Simulator.start(new SimulatorConfig(5, 1, 8, 0, 0, true, true, 16, List.of("graph-chat")), 0);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void setUp() {
    tenant = fx.tenant("graph");
    admin = fx.login(tenant.adminName());
    files = new Multipart(port);
    project = unique("kg");
    assertThat(api.post("/api/v1/projects", admin, map("code", project, "name", "图谱项目", "org_id",
        tenant.orgId())).status()).isEqualTo(201);
  }

  private long base(String name) {
    var created = api.post("/api/v1/knowledge-bases", admin, map("name", name, "project", project,
        "sharing", "private"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.id();
  }

  private String graph(long kb) {
    return "/api/v1/knowledge-bases/" + kb + "/graph";
  }

  private long entity(long kb, String name, String type, Map<String, String> attributes) {
    var created = api.post(graph(kb) + "/entities", admin, map("name", name, "type", type, "attributes", attributes));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.id();
  }

  private long relation(long kb, long from, String type, long to) {
    var created = api.post(graph(kb) + "/relations", admin, map("from_id", from, "type", type, "to_id", to));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.id();
  }

  private static List<List<String>> paths(JsonNode answer) {
    return answer.get("paths").valueStream().map(p -> p.get("nodes").valueStream()
        .map(n -> n.get("name").asString()).toList()).toList();
  }

  @Test
  void ontologyEntitiesAndRelationsAreValidated() {
    long kb = base("图谱校验");
    var ontology = api.get(graph(kb) + "/ontology", admin).json();
    assertThat(ontology.get("relation_types").valueStream().map(t -> t.get("name").asString()))
        .contains("issued_by", "cites", "supersedes", "publishes", "forwards");
    assertProblem(api.put(graph(kb) + "/ontology", admin, map("entity_types", List.of(map("name", "person")),
        "relation_types", List.of(map("name", "works_at", "from", "person", "to", "company")))), 400,
        "validation_failed");
    var custom = api.put(graph(kb) + "/ontology", admin, map(
        "entity_types", List.of(map("name", "person", "attributes", List.of("职务")), map("name", "org")),
        "relation_types", List.of(map("name", "works_at", "from", "person", "to", "org"),
            map("name", "knows", "from", "person", "to", "person"))));
    assertThat(custom.status()).as(custom.toString()).isEqualTo(200);
    long zhang = entity(kb, "张三", "person", Map.of("职务", "科长"));
    long li = entity(kb, "李四", "person", Map.of());
    long office = entity(kb, "市政务服务中心", "org", Map.of());
    assertProblem(api.post(graph(kb) + "/entities", admin, map("name", "王五", "type", "robot")), 400,
        "graph.unknown_type");
    assertProblem(api.post(graph(kb) + "/entities", admin, map("name", "王五", "type", "person",
        "attributes", Map.of("身高", "180"))), 400, "graph.unknown_attribute");
    assertProblem(api.post(graph(kb) + "/entities", admin, map("name", "张三", "type", "person")), 409,
        "graph.entity_exists");
    relation(kb, zhang, "works_at", office);
    relation(kb, zhang, "knows", li);
    relation(kb, li, "knows", zhang); // cycles are fine
    assertProblem(api.post(graph(kb) + "/relations", admin, map("from_id", zhang, "type", "works_at",
        "to_id", 987654321L)), 400, "graph.unknown_entity");
    assertProblem(api.post(graph(kb) + "/relations", admin, map("from_id", office, "type", "works_at",
        "to_id", zhang)), 400, "graph.type_mismatch");
    assertProblem(api.post(graph(kb) + "/relations", admin, map("from_id", zhang, "type", "likes",
        "to_id", li)), 400, "graph.unknown_type");
    assertProblem(api.put(graph(kb) + "/ontology", admin, map("entity_types", List.of(map("name", "person")),
        "relation_types", List.of(map("name", "knows", "from", "person", "to", "person")))), 409,
        "graph.type_in_use");
    assertThat(api.get(graph(kb) + "/relations?entity_id=" + zhang, admin).json().get("total").asInt()).isEqualTo(3);
    assertThat(api.get(graph(kb) + "/entities?type=person&q=张", admin).json().get("total").asInt()).isEqualTo(1);
  }

  @Test
  void multiHopQueriesFollowWritesAndTheExportImportsBack() {
    long kb = base("图谱查询");
    long notice = entity(kb, "关于印发公积金提取办法的通知", "policy_document", Map.of("doc_number", "京政办发〔2024〕12号"));
    long rules = entity(kb, "公积金提取办法", "policy_document", Map.of());
    long regulation = entity(kb, "住房公积金管理条例", "policy_document", Map.of());
    long old = entity(kb, "公积金提取暂行办法", "policy_document", Map.of());
    long office = entity(kb, "京州市人民政府办公厅", "organization", Map.of());
    relation(kb, notice, "cites", rules);
    relation(kb, rules, "cites", regulation);
    relation(kb, notice, "supersedes", old);
    long issued = relation(kb, notice, "issued_by", office);

    var two = api.post(graph(kb) + "/query", admin, map("from", "关于印发公积金提取办法的通知", "max_hops", 2,
        "direction", "out")).json();
    assertThat(paths(two)).containsExactly(List.of("关于印发公积金提取办法的通知", "公积金提取办法"),
        List.of("关于印发公积金提取办法的通知", "公积金提取暂行办法"),
        List.of("关于印发公积金提取办法的通知", "京州市人民政府办公厅"),
        List.of("关于印发公积金提取办法的通知", "公积金提取办法", "住房公积金管理条例"));
    assertThat(two.at("/paths/3/edges/1/type").asString()).isEqualTo("cites");
    assertThat(two.at("/paths/3/edges/1/from_id").asLong()).isEqualTo(rules);
    assertThat(two.get("took_ms").isNumber()).isTrue();
    var targeted = api.post(graph(kb) + "/query", admin, map("from", office, "to", regulation, "max_hops", 3)).json();
    assertThat(paths(targeted)).containsExactly(List.of("京州市人民政府办公厅", "关于印发公积金提取办法的通知",
        "公积金提取办法", "住房公积金管理条例"));
    var onlyCites = api.post(graph(kb) + "/query", admin, map("from", notice, "relation_types", List.of("cites"),
        "max_hops", 1)).json();
    assertThat(paths(onlyCites)).containsExactly(List.of("关于印发公积金提取办法的通知", "公积金提取办法"));
    assertProblem(api.post(graph(kb) + "/query", admin, map("from", notice, "max_hops", 4)), 400,
        "validation_failed");
    assertProblem(api.post(graph(kb) + "/query", admin, map("from", "没有这个实体")), 404, "entity.not_found");

    // the in-memory adjacency follows writes
    assertThat(api.delete(graph(kb) + "/relations/" + issued, admin).status()).isEqualTo(204);
    assertThat(api.post(graph(kb) + "/query", admin, map("from", office, "to", regulation, "max_hops", 3)).json()
        .get("paths").size()).isZero();
    assertThat(api.delete(graph(kb) + "/entities/" + rules, admin).status()).isEqualTo(204);
    assertThat(paths(api.post(graph(kb) + "/query", admin, map("from", notice, "max_hops", 3)).json()))
        .containsExactly(List.of("关于印发公积金提取办法的通知", "公积金提取暂行办法"));

    var export = files.download(graph(kb) + "/export", admin);
    assertThat(export.status()).isEqualTo(200);
    long copy = base("图谱副本");
    var imported = files.upload(graph(copy) + "/import", admin, "graph.json", export.body());
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(imported.body()).contains("\"entities_created\":4", "\"relations_created\":1");
    assertThat(api.get(graph(copy) + "/entities?q=关于印发", admin).json().at("/items/0/attributes/doc_number")
        .asString()).isEqualTo("京政办发〔2024〕12号");
    var bad = files.upload(graph(copy) + "/import", admin, "bad.json", ("{\"entities\":[{\"name\":\"新\",\"type\":"
        + "\"policy_document\"}],\"relations\":[{\"from_name\":\"新\",\"type\":\"cites\",\"to_name\":\"不存在\"}]}")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("graph.unknown_entity", "relations[0].to");
    assertThat(files.upload(graph(copy) + "/import", admin, "x.json", "{not json".getBytes(StandardCharsets.UTF_8))
        .body()).contains("graph.bad_file");
    assertThat(api.get(graph(copy) + "/entities", admin).json().get("total").asInt()).as("nothing half-imported")
        .isEqualTo(4);
  }

  static final String POLICY = """
      京州市人民政府办公厅关于印发《京州市住房公积金提取管理办法》的通知
      京州政办发〔2024〕12号
      各区人民政府，市政府各委、办、局：
      根据《住房公积金管理条例》（国务院令第350号），经市政府同意，现将《京州市住房公积金提取管理办法》印发给你们，请认真贯彻执行。
      本办法自2024年3月1日起施行，有效期至2029年2月28日。
      《京州市住房公积金提取暂行办法》（京州政办发〔2019〕30号）同时废止。
      京州市人民政府办公厅
      2024年2月1日
      """;

  private long upload(long kb, String name, String text) {
    var res = files.upload("/api/v1/knowledge-bases/" + kb + "/documents", admin, name,
        text.getBytes(StandardCharsets.UTF_8));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    long doc = api.get("/api/v1/knowledge-bases/" + kb + "/documents?size=1&q=" + name.replace(".txt", ""), admin)
        .json().at("/items/0/id").asLong();
    Instant until = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(until)) {
      String status = api.get("/api/v1/knowledge-bases/" + kb + "/documents/" + doc, admin).text("status");
      if ("ready".equals(status) || "failed".equals(status)) {
        assertThat(status).isEqualTo("ready");
        return doc;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new AssertionError("document " + doc + " never became ready");
  }

  @Test
  void rulesExtractAPolicyDocumentUploadedThroughTheDocumentsApi() {
    long kb = base("政策图谱");
    long doc = upload(kb, "policy-notice.txt", POLICY);
    var result = api.post(graph(kb) + "/extract", admin, map("document_ids", List.of(doc)));
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    assertThat(result.json().get("documents").asInt()).isEqualTo(1);
    var self = api.get(graph(kb) + "/entities?q=关于印发", admin).json().at("/items/0");
    assertThat(self.get("attributes").get("doc_number").asString()).isEqualTo("京州政办发〔2024〕12号");
    assertThat(self.get("attributes").get("effective_date").asString()).isEqualTo("2024-03-01");
    assertThat(self.get("attributes").get("expiry_date").asString()).isEqualTo("2029-02-28");
    assertThat(self.get("source_document_id").asLong()).isEqualTo(doc);
    var around = api.post(graph(kb) + "/query", admin, map("from", self.get("id").asLong(), "max_hops", 1,
        "direction", "out")).json();
    assertThat(around.get("paths").valueStream().map(p -> p.at("/edges/0/type").asString() + " "
        + p.at("/nodes/1/name").asString())).contains("issued_by 京州市人民政府办公厅",
            "cites 住房公积金管理条例", "publishes 京州市住房公积金提取管理办法", "supersedes 京州市住房公积金提取暂行办法")
        .as("the notice issues the 办法 it carries, it does not cite it")
        .doesNotContain("cites 京州市住房公积金提取管理办法");
    var superseded = api.get(graph(kb) + "/entities?q=暂行办法", admin).json().at("/items/0/attributes");
    assertThat(superseded.get("status").asString()).isEqualTo("superseded");
    assertThat(superseded.get("doc_number").asString()).isEqualTo("京州政办发〔2019〕30号");
    long entities = api.get(graph(kb) + "/entities", admin).json().get("total").asLong();
    api.post(graph(kb) + "/extract", admin, map("document_ids", List.of(doc)));
    assertThat(api.get(graph(kb) + "/entities", admin).json().get("total").asLong()).as("extraction is idempotent")
        .isEqualTo(entities);
    assertProblem(api.post(graph(kb) + "/extract", admin, map("use_model", true)), 400, "graph.no_model");

    // What the document's metadata says wins over the rules' reading of its text.
    var patched = api.patch("/api/v1/knowledge-bases/" + kb + "/documents/" + doc, admin,
        map("metadata", map("issuing_unit", "京州市住房和城乡建设委员会", "doc_number", "京州建发〔2024〕7号")));
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    api.post(graph(kb) + "/extract", admin, map("document_ids", List.of(doc)));
    var again = api.get(graph(kb) + "/entities?q=关于印发", admin).json().at("/items/0");
    assertThat(again.at("/attributes/issuing_unit").asString()).isEqualTo("京州市住房和城乡建设委员会");
    assertThat(again.at("/attributes/doc_number").asString()).isEqualTo("京州建发〔2024〕7号");
    var issuers = api.post(graph(kb) + "/query", admin, map("from", again.get("id").asLong(), "max_hops", 1,
        "direction", "out", "relation_types", List.of("issued_by"))).json();
    assertThat(issuers.get("paths").valueStream().map(p -> p.at("/nodes/1/name").asString()))
        .contains("京州市住房和城乡建设委员会");
  }

  @Test
  void modelExtractionGoesThroughTheGatewayAndIsMetered() {
    String platformAdmin = adminToken();
    if (!api.get("/api/v1/models", platformAdmin).body().contains("\"graph-chat\"")) {
      var model = api.post("/api/v1/models", platformAdmin, map("name", "graph-chat", "kind", "chat",
          "simulated", true, "endpoints", List.of(map("url", sim.baseUrl()))));
      assertThat(model.status()).as(model.toString()).isEqualTo(201);
    }
    long kb = base("模型抽取");
    long doc = upload(kb, "model-notice.txt", POLICY);
    long calls = jdbc.sql("select count(*) from gw_usage where model = 'graph-chat'").query(Long.class).single();
    var result = api.post(graph(kb) + "/extract", admin, map("document_ids", List.of(doc), "use_model", true,
        "model", "graph-chat"));
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    // The simulator answers prose, not JSON: the call is made and metered, its answer counted as unreadable.
    assertThat(result.json().get("model_calls").asInt()).isEqualTo(1);
    assertThat(result.json().get("skipped").asInt()).isEqualTo(1);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql(
        "select count(*) from gw_usage where model = 'graph-chat'").query(Long.class).single()).isEqualTo(calls + 1));
    assertProblem(api.post(graph(kb) + "/extract", admin, map("use_model", true, "model", "no-such-model")), 404,
        "model_call.model_not_found");
  }

  @Test
  void anotherTenantGets404() {
    long kb = base("甲图谱");
    long e = entity(kb, "甲实体", "organization", Map.of());
    String other = fx.login(fx.tenant("graph-b").adminName());
    assertProblem(api.get(graph(kb) + "/entities", other), 404, null);
    assertProblem(api.post(graph(kb) + "/query", other, map("from", e)), 404, null);
    assertProblem(api.delete(graph(kb) + "/entities/" + e, other), 404, null);
    assertThat(api.get(graph(kb) + "/entities", admin).json().get("total").asInt()).isEqualTo(1);
  }
}
