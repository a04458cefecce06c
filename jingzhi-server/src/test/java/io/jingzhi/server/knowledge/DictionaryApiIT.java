package io.jingzhi.server.knowledge;

import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.retrieval.DictionarySource;
import io.jingzhi.knowledge.retrieval.QueryDictionary;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.Multipart;
import io.jingzhi.server.support.ServerIT;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Dictionaries: CRUD, entries, CSV/XLSX import (good and bad files) and export, the starter, isolation, caching. */
class DictionaryApiIT extends ServerIT {

  private static final String BASE = "/api/v1/knowledge-dictionaries";

  @Autowired
  DictionarySource source;

  private Tenant tenant;
  private String admin;
  private Multipart files;

  @BeforeEach
  void setUp() {
    tenant = fx.tenant("dict");
    admin = fx.login(tenant.adminName());
    files = new Multipart(port);
  }

  private long dictionary(String name) {
    var created = api.post(BASE, admin, map("name", name, "description", "测试"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.id();
  }

  private long count(long id) {
    return api.get(BASE + "/" + id, admin).json().get("entry_count").asLong();
  }

  @Test
  void entriesAreCreatedValidatedChangedAndListed() {
    long id = dictionary("政务词典");
    var entry = api.post(BASE + "/" + id + "/entries", admin, map("term", " 公积金 ", "kind", "abbreviation",
        "targets", List.of("住房公积金", "公积金")));
    assertThat(entry.status()).as(entry.toString()).isEqualTo(201);
    assertThat(entry.text("term")).isEqualTo("公积金");
    assertThat(entry.json().get("targets").valueStream().map(t -> t.asString())).containsExactly("住房公积金");
    assertThat(api.post(BASE + "/" + id + "/entries", admin, map("term", "一网通办", "kind", "term")).status())
        .isEqualTo(201);
    assertProblem(api.post(BASE + "/" + id + "/entries", admin, map("term", "公积金", "kind", "abbreviation",
        "targets", List.of("别的"))), 409, "dictionary.entry_exists");
    assertProblem(api.post(BASE + "/" + id + "/entries", admin, map("term", "社保", "kind", "shorthand",
        "targets", List.of("社会保险"))), 400, "validation_failed");
    assertProblem(api.post(BASE + "/" + id + "/entries", admin, map("term", "身份证丢了", "kind", "escape")), 400,
        "validation_failed");
    assertProblem(api.post(BASE + "/" + id + "/entries", admin, map("term", "一网统管", "kind", "term",
        "targets", List.of("x"))), 400, "validation_failed");
    var changed = api.put(BASE + "/" + id + "/entries/" + entry.id(), admin, map("term", "公积金",
        "kind", "synonym", "targets", List.of("住房公积金", "公积")));
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(changed.text("kind")).isEqualTo("synonym");
    var synonyms = api.get(BASE + "/" + id + "/entries?kind=synonym", admin).json();
    assertThat(synonyms.get("total").asLong()).isEqualTo(1);
    assertThat(api.get(BASE + "/" + id + "/entries?q=住房", admin).json().get("total").asLong()).isEqualTo(1);
    assertThat(api.delete(BASE + "/" + id + "/entries/" + entry.id(), admin).status()).isEqualTo(204);
    assertThat(count(id)).isEqualTo(1);
    assertThat(api.put(BASE + "/" + id, admin, map("name", "改名")).text("name")).isEqualTo("改名");
    assertProblem(api.put(BASE + "/" + id, admin, map("name", " ")), 400, "validation_failed");
  }

  @Test
  void aGoodFileImportsAndABadRowRejectsTheWholeFile() throws Exception {
    long id = dictionary("导入");
    String good = "term,kind,targets\n社保,abbreviation,社会保险\n医保,abbreviation,基本医疗保险|医疗保障\n一网通办,term,\n";
    var imported = files.upload(BASE + "/" + id + "/import", admin, "d.csv", good.getBytes(StandardCharsets.UTF_8));
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(imported.body()).contains("\"imported\":3", "\"created\":3");
    String bad = "term,kind,targets\n公积金,abbreviation,住房公积金\n低保,abbr,最低生活保障\n";
    var rejected = files.upload(BASE + "/" + id + "/import", admin, "bad.csv", bad.getBytes(StandardCharsets.UTF_8));
    assertThat(rejected.statusCode()).isEqualTo(400);
    assertThat(rejected.body()).contains("dictionary.bad_row", "row 3", "nothing was imported");
    assertThat(count(id)).as("nothing of the bad file is stored").isEqualTo(3);
    var garbage = files.upload(BASE + "/" + id + "/import", admin, "x.xlsx", new byte[] {'P', 'K', 3, 4, 9, 9});
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("dictionary.bad_file");

    var xlsx = new ByteArrayOutputStream();
    try (var wb = new Workbook(xlsx, "it", "1.0")) {
      var ws = wb.newWorksheet("d");
      ws.value(0, 0, "term");
      ws.value(0, 1, "kind");
      ws.value(0, 2, "targets");
      ws.value(1, 0, "身份证丢了");
      ws.value(1, 1, "escape");
      ws.value(1, 2, "居民身份证挂失补领");
      ws.value(2, 0, "社保");
      ws.value(2, 1, "abbreviation");
      ws.value(2, 2, "社会保险|社会保障");
      ws.finish();
    }
    var fromXlsx = files.upload(BASE + "/" + id + "/import", admin, "d.xlsx", xlsx.toByteArray());
    assertThat(fromXlsx.body()).contains("\"created\":1", "\"updated\":1");
    assertThat(count(id)).isEqualTo(4);
    var replaced = files.upload(BASE + "/" + id + "/import?mode=replace", admin, "d.csv",
        "term,kind,targets\n社保,abbreviation,社会保险\n".getBytes(StandardCharsets.UTF_8));
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(count(id)).isEqualTo(1);
  }

  @Test
  void exportsCsvAndXlsxThatImportBack() throws Exception {
    long id = dictionary("导出");
    api.post(BASE + "/" + id + "/entries", admin, map("term", "公积金", "kind", "abbreviation",
        "targets", List.of("住房公积金")));
    api.post(BASE + "/" + id + "/entries", admin, map("term", "医保", "kind", "abbreviation",
        "targets", List.of("基本医疗保险", "医疗保障")));
    var csv = files.download(BASE + "/" + id + "/export?format=csv", admin);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    assertThat(new String(csv.body(), StandardCharsets.UTF_8)).contains("医保,abbreviation,基本医疗保险|医疗保障");
    var xlsx = files.download(BASE + "/" + id + "/export?format=xlsx", admin);
    assertThat(xlsx.status()).isEqualTo(200);
    try (var wb = new ReadableWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
      var rows = wb.getFirstSheet().read();
      assertThat(rows).hasSize(3);
      assertThat(rows.get(2).getCellAsString(2)).contains("基本医疗保险|医疗保障");
    }
    long copy = dictionary("副本");
    assertThat(files.upload(BASE + "/" + copy + "/import", admin, "copy.xlsx", xlsx.body()).statusCode())
        .isEqualTo(200);
    assertThat(count(copy)).isEqualTo(2);
    assertProblem(api.get(BASE + "/" + id + "/export?format=pdf", admin), 400, "validation_failed");
  }

  @Test
  void theStarterDictionaryLoadsOncePerTenant() {
    var first = api.post(BASE + "/starter", admin, null);
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(first.json().get("entry_count").asLong()).isGreaterThanOrEqualTo(100);
    var again = api.post(BASE + "/starter", admin, null);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.id()).isEqualTo(first.id());
    var escapes = api.get(BASE + "/" + first.id() + "/entries?q=身份证丢了", admin).json();
    assertThat(escapes.at("/items/0/targets/0").asString()).isEqualTo("居民身份证挂失补领");
  }

  @Test
  void anotherTenantSeesNothingAndTheCacheFollowsChanges() {
    long id = dictionary("甲词典");
    long entry = api.post(BASE + "/" + id + "/entries", admin, map("term", "社保", "kind", "abbreviation",
        "targets", List.of("社会保险"))).id();
    Tenant other = fx.tenant("dict-b");
    String otherAdmin = fx.login(other.adminName());
    assertProblem(api.get(BASE + "/" + id, otherAdmin), 404, "dictionary.not_found");
    assertProblem(api.post(BASE + "/" + id + "/entries", otherAdmin, map("term", "x", "kind", "term")), 404,
        "dictionary.not_found");
    assertThat(api.get(BASE, otherAdmin).body()).doesNotContain("甲词典");
    assertThat(api.get(BASE, admin).body()).contains("甲词典");

    // A base linked to the dictionary (the link row as PUT /knowledge-bases/{id}/dictionaries stores it).
    long kb = 900_000 + id;
    jdbc.sql("insert into kb_dictionary (kb_id, dictionary_id, kb_tenant_id) values (:kb, :d, :t)")
        .param("kb", kb).param("d", id).param("t", tenant.orgId()).update();
    api.put(BASE + "/" + id, admin, map("name", "甲词典")); // any change drops the cache
    assertThat(source.forBases(List.of(kb)).entries()).containsExactly(new QueryDictionary.Entry("社保",
        QueryDictionary.Entry.Kind.ABBREVIATION, List.of("社会保险")));
    api.put(BASE + "/" + id + "/entries/" + entry, admin, map("term", "社保", "kind", "synonym",
        "targets", List.of("社会保障")));
    assertThat(source.forBases(List.of(kb, kb + 1)).entries()).containsExactly(new QueryDictionary.Entry("社保",
        QueryDictionary.Entry.Kind.SYNONYM, List.of("社会保障")));
    assertThat(api.get(BASE + "/" + id, admin).json().get("kb_ids").valueStream().map(v -> v.asLong()))
        .containsExactly(kb);
    assertThat(api.delete(BASE + "/" + id, admin).status()).isEqualTo(204);
    assertThat(source.forBases(List.of(kb)).entries()).isEmpty();
  }

  @Test
  void theBaseApiLinksDictionariesAndADeletedBaseLeavesNoLinks() {
    long id = dictionary("链接词典");
    api.post(BASE + "/" + id + "/entries", admin, map("term", "公积金", "kind", "abbreviation",
        "targets", List.of("住房公积金")));
    String project = io.jingzhi.server.support.IamFixtures.unique("dict-p");
    api.post("/api/v1/projects", admin, map("code", project, "name", "词典项目", "org_id", tenant.orgId()));
    var created = api.post("/api/v1/knowledge-bases", admin, map("name", "词典知识库", "project", project,
        "dictionary_ids", List.of(id)));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    long kb = created.id();
    assertThat(created.json().get("dictionary_ids").valueStream().map(v -> v.asLong())).containsExactly(id);
    assertThat(api.get("/api/v1/knowledge-bases/" + kb + "/dictionaries", admin).json().get("dictionary_ids")
        .valueStream().map(v -> v.asLong())).containsExactly(id);
    assertThat(source.forBases(List.of(kb)).entries()).extracting(QueryDictionary.Entry::term)
        .containsExactly("公积金");

    // An unknown dictionary undoes the whole update; unlinking through the link endpoint shows on the base.
    assertThat(api.put("/api/v1/knowledge-bases/" + kb, admin, map("name", "词典知识库", "dictionary_ids",
        List.of(id, 987_654_321L))).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/knowledge-bases/" + kb, admin).json().get("dictionary_ids").size()).isEqualTo(1);
    api.put("/api/v1/knowledge-bases/" + kb + "/dictionaries", admin, map("dictionary_ids", List.of()));
    assertThat(api.get("/api/v1/knowledge-bases/" + kb, admin).json().get("dictionary_ids").size()).isZero();

    api.put("/api/v1/knowledge-bases/" + kb, admin, map("name", "词典知识库", "dictionary_ids", List.of(id)));
    assertThat(api.delete("/api/v1/knowledge-bases/" + kb, admin).status()).isEqualTo(204);
    assertThat(jdbc.sql("select count(*) from kb_dictionary where kb_id = :kb").param("kb", kb).query(Long.class)
        .single()).as("no link left").isZero();
    assertThat(api.get(BASE + "/" + id, admin).json().get("kb_ids").size()).isZero();
  }
}
