package io.jingzhi.server.knowledge;

import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.knowledge.KnowledgeClient.FilePart;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.MutableClock;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import io.jingzhi.server.support.TestClockConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The search portal end to end on the real server: two tenants, private and global bases, documents with metadata
 * uploaded through the API; search across bases with filters, sorts and paging that never shows another tenant's
 * private base; views, downloads and hits moving rankings by period (the test clock moves time); the zombie report;
 * bad input. The methods run in order on one world because counters and time only go forward.
 */
@Import(TestClockConfiguration.class)
@TestPropertySource(properties = "jingzhi.knowledge.ingest-workers=1")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KnowledgeSearchIT extends ServerIT {

  static final String OLD_POLICY = """
      # 某市创业补贴暂行办法（测试）

      第一条 首次创办小微企业的，给予每户3000元一次性创业补贴。

      第二条 本办法自2024年1月1日起施行。
      """;
  static final String NEW_POLICY = """
      # 某市创业补贴办法（测试）

      第一条 首次创办小微企业且正常经营满6个月的，给予每户5000元一次性创业补贴。

      第二条 本办法自2026年1月1日起施行，《某市创业补贴暂行办法》同时废止。
      """;
  static final String LOAN = """
      # 创业担保贷款操作规程（测试）

      个人创业担保贷款最高额度为30万元，财政部门按规定给予贴息，贷款期限不超过3年。
      """;
  static final String B_SECRET = """
      # 乙局内部创业补贴测算（测试）

      乙局内部测算：创业补贴拟提高到每户9000元，尚未公开。
      """;

  @Autowired
  private MutableClock clock;

  private KnowledgeClient kb;

  record World(Tenant a, Tenant b, String aDev, String bDev, long aPrivate, long aGlobal, long bPrivate,
      Map<String, Long> docs) {}

  private static World shared;
  private static int sharedPort;
  private World w;

  @BeforeEach
  void world() {
    kb = new KnowledgeClient(api, port);
    if (shared == null || sharedPort != port) {
      shared = build();
      sharedPort = port;
    }
    w = shared;
  }

  private World build() {
    Tenant a = fx.tenant("ks-a");
    Tenant b = fx.tenant("ks-b");
    String aAdmin = fx.login(a.adminName());
    String bAdmin = fx.login(b.adminName());
    String aProject = unique("ks-proj-a");
    api.post("/api/v1/projects", aAdmin, map("code", aProject, "name", "甲项目", "org_id", a.orgId()));
    String bProject = unique("ks-proj-b");
    api.post("/api/v1/projects", bAdmin, map("code", bProject, "name", "乙项目", "org_id", b.orgId()));
    String aDev = fx.login(a.devName());
    String bDev = fx.login(b.devName());
    long aPrivate = kb.createBase(aDev, aProject, map("name", "甲私有库")).get("id").asLong();
    long aGlobal = kb.createBase(aDev, aProject, map("name", "甲公开库", "sharing", "global")).get("id").asLong();
    long bPrivate = kb.createBase(bDev, bProject, map("name", "乙私有库")).get("id").asLong();
    Map<String, Long> docs = new HashMap<>();
    docs.put("old", upload(aPrivate, aDev, "old-policy.md", OLD_POLICY, """
        {"issuing_unit": "市人社局", "domain": "就业", "doc_type": "政策", "doc_number": "某人社〔2024〕1号",
         "publish_date": "2024-01-01", "effective_date": "2024-01-01"}"""));
    docs.put("new", upload(aPrivate, aDev, "new-policy.md", NEW_POLICY, """
        {"issuing_unit": "市人社局", "domain": "就业", "doc_type": "政策", "doc_number": "某人社〔2026〕2号",
         "supersedes": "某人社[2024]1号", "publish_date": "2026-01-01", "effective_date": "2026-01-01"}"""));
    docs.put("guide", upload(aPrivate, aDev, "guide.md", KnowledgeDocs.GUIDE, """
        {"issuing_unit": "市公安局", "domain": "户政", "doc_type": "办事指南", "publish_date": "2024-06-15",
         "effective_date": "2024-07-01", "expiry_date": "2025-06-30"}"""));
    docs.put("faq", upload(aPrivate, aDev, "faq.md", KnowledgeDocs.FAQ,
        "{\"issuing_unit\": \"市公积金中心\", \"domain\": \"公积金\"}"));
    docs.put("loan", upload(aGlobal, aDev, "loan.md", LOAN, """
        {"issuing_unit": "市财政局", "domain": "就业", "doc_type": "政策", "publish_date": "2025-01-01",
         "effective_date": "2025-01-01"}"""));
    docs.put("secret", upload(bPrivate, bDev, "secret.md", B_SECRET, "{\"domain\": \"就业\"}"));
    return new World(a, b, aDev, bDev, aPrivate, aGlobal, bPrivate, docs);
  }

  private long upload(long kbId, String token, String name, String text, String metadata) {
    var res = kb.upload(kbId, token, List.of(FilePart.text(name, text)), metadata);
    assertThat(res.status()).as("upload %s: %s", name, res).isEqualTo(202);
    JsonNode job = kb.awaitJob(res.json().get("job_id").asLong(), token, "succeeded", "failed");
    assertThat(job.get("state").asString()).as("job %s", job).isEqualTo("succeeded");
    return res.json().get("documents").get(0).get("id").asLong();
  }

  private TestApi.Res search(String token, Map<String, Object> body) {
    return api.post("/api/v1/knowledge-search", token, body);
  }

  private List<Long> ids(TestApi.Res res) {
    assertThat(res.status()).as("search: %s", res).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    res.json().get("items").forEach(i -> ids.add(i.get("document_id").asLong()));
    return ids;
  }

  private JsonNode item(TestApi.Res res, long documentId) {
    return res.json().get("items").valueStream().filter(i -> i.get("document_id").asLong() == documentId)
        .findFirst().orElseThrow(() -> new AssertionError("no document " + documentId + " in " + res));
  }

  private long doc(String name) {
    return w.docs().get(name);
  }

  @Test
  @Order(1)
  void searchesEveryReadableBaseAndNeverAnotherTenantsPrivateOne() {
    var a = search(w.aDev(), map("query", "创业补贴每户多少钱", "size", 50));
    assertThat(ids(a)).contains(doc("old"), doc("new"), doc("loan")).doesNotContain(doc("secret"), doc("faq"));
    JsonNode top = a.json().get("items").get(0);
    assertThat(top.get("document_id").asLong()).as("best match first: %s", a).isIn(doc("new"), doc("old"));
    assertThat(top.get("highlight").asString()).as("marked as retrieval marks it").contains("<em>创业补贴");
    // Every document of A's bases has 测试 in its title.
    var every = search(w.aDev(), map("query", "测试", "size", 50));
    assertThat(ids(every)).containsExactlyInAnyOrder(doc("old"), doc("new"), doc("guide"), doc("faq"), doc("loan"));
    assertThat(every.json().get("total").asInt()).isEqualTo(5);
    JsonNode loan = item(every, doc("loan"));
    assertThat(loan.get("kb_id").asLong()).isEqualTo(w.aGlobal());
    assertThat(loan.get("kb_name").asString()).isEqualTo("甲公开库");
    assertThat(loan.get("owner_org").asString()).isEqualTo("委办局 " + w.a().code());
    assertThat(loan.get("metadata").get("issuing_unit").asString()).isEqualTo("市财政局");
    assertThat(loan.get("filename").asString()).isEqualTo("loan.md");
    assertThat(loan.get("source").asString()).isEqualTo("upload");
    assertThat(loan.get("score").asDouble()).isPositive();
    // Status from the metadata: replaced by a newer document's supersedes (brackets typed differently), expiry
    // passed, in force, nothing known.
    assertThat(item(every, doc("old")).get("status").asString()).isEqualTo("superseded");
    assertThat(item(every, doc("guide")).get("status").asString()).isEqualTo("expired");
    assertThat(item(every, doc("new")).get("status").asString()).isEqualTo("valid");
    assertThat(item(every, doc("loan")).get("status").asString()).isEqualTo("valid");
    assertThat(item(every, doc("faq")).get("status").asString()).isEqualTo("unknown");

    var b = search(w.bDev(), map("query", "创业补贴每户多少钱", "size", 50));
    assertThat(ids(b)).as("B sees its own base and A's global one only").containsExactlyInAnyOrder(doc("loan"),
        doc("secret"));
    assertThat(ids(search(w.aDev(), map("query", "创业补贴", "size", 50)))).doesNotContain(doc("secret"));

    // kb_ids narrows; a base the caller may not read is not found, the same as one that does not exist.
    assertThat(ids(search(w.aDev(), map("query", "创业补贴", "kb_ids", List.of(w.aGlobal())))))
        .containsExactly(doc("loan"));
    assertProblem(search(w.bDev(), map("query", "创业补贴", "kb_ids", List.of(w.aPrivate()))), 404,
        "knowledge_base.not_found");
    assertProblem(search(w.bDev(), map("query", "创业补贴", "kb_ids", List.of(987654321L))), 404,
        "knowledge_base.not_found");
  }

  @Test
  @Order(2)
  void filtersByIssuingUnitDomainTypeAndTheDayInForce() {
    assertThat(ids(search(w.aDev(), map("query", "办法", "size", 50, "filters", map("issuing_unit", "市人社局")))))
        .containsExactlyInAnyOrder(doc("old"), doc("new"));
    assertThat(ids(search(w.aDev(), map("query", "身份证", "size", 50, "filters", map("domain", "户政")))))
        .containsExactly(doc("guide"));
    assertThat(ids(search(w.aDev(), map("query", "创业", "size", 50, "filters", map("doc_type", "政策",
        "domain", "就业"))))).containsExactlyInAnyOrder(doc("old"), doc("new"), doc("loan"));
    // In force on a day: effective_date ≤ day ≤ expiry_date; a document without dates is not counted in force.
    assertThat(ids(search(w.aDev(), map("query", "创业 身份证", "size", 50, "filters",
        map("effective_on", "2025-03-01"))))).containsExactlyInAnyOrder(doc("old"), doc("guide"), doc("loan"));
    assertThat(ids(search(w.aDev(), map("query", "创业 身份证", "size", 50, "filters",
        map("effective_on", "2026-02-01"))))).containsExactlyInAnyOrder(doc("old"), doc("new"), doc("loan"));
  }

  @Test
  @Order(3)
  void sortsByRelevanceNewestViewsAndDownloadsAndPages() {
    var relevance = search(w.aDev(), map("query", "居民身份证挂失补领要带什么材料", "size", 50));
    assertThat(ids(relevance).getFirst()).as("%s", relevance).isEqualTo(doc("guide"));
    double previous = Double.MAX_VALUE;
    for (JsonNode i : relevance.json().get("items")) {
      assertThat(i.get("score").asDouble()).isLessThanOrEqualTo(previous);
      previous = i.get("score").asDouble();
    }
    // newest: publish_date, else the day the document came in (the FAQ has no date: today).
    Map<String, Object> all = map("query", "测试", "kb_ids", List.of(w.aPrivate(), w.aGlobal()), "size", 50);
    all.put("sort", "newest");
    assertThat(ids(search(w.aDev(), all))).containsExactly(doc("faq"), doc("new"), doc("loan"), doc("guide"),
        doc("old"));

    String path = "/api/v1/knowledge-bases/" + w.aPrivate() + "/documents/";
    for (int i = 0; i < 3; i++) {
      assertThat(api.get(path + doc("guide") + "/preview", w.aDev()).status()).isEqualTo(200);
    }
    assertThat(api.get(path + doc("faq") + "/preview", w.aDev()).status()).isEqualTo(200);
    assertThat(kb.download(path + doc("new") + "/original", w.aDev()).statusCode()).isEqualTo(200);
    assertThat(kb.download(path + doc("new") + "/original", w.aDev()).statusCode()).isEqualTo(200);
    assertThat(kb.download(path + doc("old") + "/original", w.aDev()).statusCode()).isEqualTo(200);

    all.put("sort", "views");
    var byViews = search(w.aDev(), all);
    assertThat(ids(byViews).subList(0, 2)).containsExactly(doc("guide"), doc("faq"));
    assertThat(item(byViews, doc("guide")).get("views").asLong()).isEqualTo(3);
    all.put("sort", "downloads");
    var byDownloads = search(w.aDev(), all);
    assertThat(ids(byDownloads).subList(0, 2)).containsExactly(doc("new"), doc("old"));
    assertThat(item(byDownloads, doc("new")).get("downloads").asLong()).isEqualTo(2);

    // Pages of two: disjoint, in the order of the whole list, the same total.
    all.put("sort", "newest");
    List<Long> whole = ids(search(w.aDev(), all));
    List<Long> paged = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      all.put("page", page);
      all.put("size", 2);
      var res = search(w.aDev(), all);
      assertThat(res.json().get("total").asInt()).isEqualTo(5);
      assertThat(res.json().get("page").asInt()).isEqualTo(page);
      paged.addAll(ids(res));
    }
    assertThat(paged).isEqualTo(whole);
    all.put("page", 4);
    assertThat(ids(search(w.aDev(), all))).isEmpty();
  }

  @Test
  @Order(4)
  void viewsDownloadsAndHitsMoveRankingsByPeriod() {
    String views = "/api/v1/knowledge-search/rankings?metric=views&by=document&period=";
    var day = api.get(views + "day", w.aDev());
    assertThat(day.status()).as("%s", day).isEqualTo(200);
    assertThat(ranking(day)).containsExactly(Map.entry(key("guide"), 3L), Map.entry(key("faq"), 1L));
    assertThat(day.json().get("items").get(0).get("label").asString()).contains("居民身份证挂失补领");
    var byDomain = api.get("/api/v1/knowledge-search/rankings?metric=views&by=domain&period=day", w.aDev());
    assertThat(ranking(byDomain)).containsExactly(Map.entry("户政", 3L), Map.entry("公积金", 1L));
    var downloads = api.get("/api/v1/knowledge-search/rankings?metric=downloads&by=owner&period=total", w.aDev());
    assertThat(ranking(downloads)).containsExactly(Map.entry(Long.toString(w.a().orgId()), 3L));
    assertThat(downloads.json().get("items").get(0).get("label").asString()).isEqualTo("委办局 " + w.a().code());

    // Two days later the day's ranking is empty, the week's still counts, and a new view counts for the day.
    advance(Duration.ofDays(2));
    assertThat(ranking(api.get(views + "day", w.aDev()))).isEmpty();
    assertThat(ranking(api.get(views + "week", w.aDev()))).containsExactly(Map.entry(key("guide"), 3L),
        Map.entry(key("faq"), 1L));
    api.get("/api/v1/knowledge-bases/" + w.aPrivate() + "/documents/" + doc("faq") + "/preview", w.aDev());
    assertThat(ranking(api.get(views + "day", w.aDev()))).containsExactly(Map.entry(key("faq"), 1L));
    assertThat(ranking(api.get(views + "total&limit=1", w.aDev()))).containsExactly(Map.entry(key("guide"), 3L));

    // Every document a search shows is a hit; rankings of another tenant count only what it may read.
    String hits = "/api/v1/knowledge-search/rankings?metric=hits&by=document&period=day";
    assertThat(ranking(api.get(hits, w.aDev()))).isEmpty();
    ids(search(w.aDev(), map("query", "创业担保贷款", "kb_ids", List.of(w.aGlobal()))));
    ids(search(w.bDev(), map("query", "创业担保贷款", "size", 1)));
    assertThat(ranking(api.get(hits, w.aDev()))).containsExactly(Map.entry(key("loan"), 2L));
    assertThat(ranking(api.get(views + "total", w.bDev()))).as("A's private views are not B's business")
        .isEmpty();
    assertThat(ranking(api.get(hits, w.bDev()))).containsExactly(Map.entry(key("loan"), 2L));
  }

  @Test
  @Order(5)
  void zombieReportNamesSupersededExpiredAndUnusedDocuments() {
    String aAdmin = fx.login(w.a().adminName());
    var report = api.get("/api/v1/knowledge-search/zombies?days=90", aAdmin);
    assertThat(report.status()).as("%s", report).isEqualTo(200);
    // Documents younger than 90 days are not yet "never retrieved".
    assertThat(reasons(report)).containsExactlyInAnyOrderEntriesOf(Map.of(doc("old"), "superseded",
        doc("guide"), "expired"));
    assertThat(zombie(report, doc("guide")).get("expiry_date").asString()).isEqualTo("2025-06-30");
    assertThat(reasons(api.get("/api/v1/knowledge-search/zombies?days=90", w.bDev()))).as("only bases B may change")
        .isEmpty();

    // A day without hits after the last search: everything not retrieved in the last day is a zombie.
    advance(Duration.ofDays(1).plusMinutes(5));
    ids(search(w.aDev(), map("query", "公积金租房提取", "kb_ids", List.of(w.aPrivate()), "size", 1)));
    var unused = api.get("/api/v1/knowledge-search/zombies?days=1&kb_id=" + w.aPrivate(), w.aDev());
    assertThat(reasons(unused)).containsExactlyInAnyOrderEntriesOf(Map.of(doc("old"), "superseded",
        doc("guide"), "expired", doc("new"), "never_retrieved"));
    assertThat(zombie(unused, doc("guide")).get("reasons").valueStream().map(JsonNode::asString))
        .containsExactly("expired", "never_retrieved");
    assertThat(zombie(unused, doc("new")).get("last_hit_at").asString()).as("retrieved three days ago").isNotBlank();
    assertThat(zombie(unused, doc("faq"))).isNull();
    assertProblem(api.get("/api/v1/knowledge-search/zombies?kb_id=" + w.bPrivate(), w.aDev()), 404,
        "knowledge_base.not_found");
    assertProblem(api.get("/api/v1/knowledge-search/zombies?kb_id=" + w.aGlobal(), w.bDev()), 403,
        "knowledge_base.read_only");
  }

  @Test
  @Order(6)
  void badInputIsAProblem() {
    // Words no document has, and no document near in meaning: nothing found, rather than every document.
    assertThat(search(w.aDev(), map("query", "xyzzy")).json().get("total").asInt()).isZero();
    assertProblem(search(w.aDev(), map("query", "补贴", "sort", "popular")), 400, "validation_failed");
    assertProblem(search(w.aDev(), map("query", "")), 400, "validation_failed");
    assertProblem(search(w.aDev(), map("query", "补贴", "size", 0)), 400, "validation_failed");
    assertProblem(search(w.aDev(), map("query", "补贴", "filters", map("effective_on", "2025-13-01"))), 400,
        "validation_failed");
    assertProblem(search(w.aDev(), map("query", "补贴", "kb_ids", "all")), 400, "validation_failed");
    assertProblem(api.raw("POST", "/api/v1/knowledge-search", w.aDev(), "application/json", "{\"query\": "), 400,
        "malformed_body");
    String r = "/api/v1/knowledge-search/rankings?";
    assertProblem(api.get(r + "period=year", w.aDev()), 400, "validation_failed");
    assertProblem(api.get(r + "by=project", w.aDev()), 400, "validation_failed");
    assertProblem(api.get(r + "metric=likes", w.aDev()), 400, "validation_failed");
    assertProblem(api.get(r + "limit=0", w.aDev()), 400, "validation_failed");
    assertProblem(api.get("/api/v1/knowledge-search/zombies?days=0", w.aDev()), 400, "validation_failed");
    assertProblem(api.get("/api/v1/knowledge-search/zombies?days=-5", w.aDev()), 400, "validation_failed");
    assertProblem(api.get("/api/v1/knowledge-search/zombies?days=many", w.aDev()), 400, null);
    // Nothing stored was touched by the bad calls.
    assertThat(ids(search(w.aDev(), map("query", "测试", "size", 50)))).hasSize(5);
  }

  /** Moves time forward; sessions do not live that long, so the users sign in again. */
  private void advance(Duration by) {
    clock.advance(by);
    shared = new World(w.a(), w.b(), fx.login(w.a().devName()), fx.login(w.b().devName()), w.aPrivate(),
        w.aGlobal(), w.bPrivate(), w.docs());
    w = shared;
  }

  private String key(String doc) {
    return Long.toString(doc(doc));
  }

  private static List<Map.Entry<String, Long>> ranking(TestApi.Res res) {
    assertThat(res.status()).as("ranking: %s", res).isEqualTo(200);
    return res.json().get("items").valueStream()
        .map(i -> Map.entry(i.get("key").asString(), i.get("count").asLong())).toList();
  }

  private static Map<Long, String> reasons(TestApi.Res res) {
    assertThat(res.status()).as("zombies: %s", res).isEqualTo(200);
    Map<Long, String> out = new HashMap<>();
    res.json().get("items").forEach(i -> out.put(i.get("document_id").asLong(), i.get("reason").asString()));
    return out;
  }

  private static JsonNode zombie(TestApi.Res res, long documentId) {
    return res.json().get("items").valueStream().filter(i -> i.get("document_id").asLong() == documentId)
        .findFirst().orElse(null);
  }
}
