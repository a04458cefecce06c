package io.jingzhi.server.guard;

import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.api.Guard;
import io.jingzhi.guard.api.GuardAction;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import io.jingzhi.guard.engine.lexicon.RiskType;
import io.jingzhi.guard.engine.lexicon.StarterLexicon;
import io.jingzhi.guard.lexicon.LexiconService;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.Multipart;
import io.jingzhi.server.support.ServerIT;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class LexiconApiIT extends ServerIT {

  private static final String LEXICONS = "/api/v1/guard/lexicons";

  @Autowired
  Guard guard;

  @Autowired
  LexiconService lexicons;

  private Multipart files;

  @BeforeEach
  void files() {
    files = new Multipart(port);
  }

  private static GuardSubject subject(Tenant t) {
    return new GuardSubject(t.orgId(), t.orgId(), t.devId(), t.devName(), Set.of("developer"), null, null, null,
        null, "127.0.0.1", "api");
  }

  private GuardAction check(Tenant t, String text) {
    return guard.check(subject(t), GuardRequest.input(text, List.of())).action();
  }

  private long bank(String token, String name) {
    var res = api.post(LEXICONS, token, map("name", name, "description", "测试词库"));
    assertThat(res.status()).as("%s", res).isEqualTo(201);
    return res.id();
  }

  private long addTerm(String token, long bank, String term, String kind) {
    var res = api.post(LEXICONS + "/" + bank + "/entries", token, map("term", term, "risk_type", "A.1.8",
        "level", "high", "kind", kind, "note", "IT"));
    assertThat(res.status()).as("%s", res).isEqualTo(201);
    return res.id();
  }

  private JsonNode entries(String token, long bank) {
    return api.get(LEXICONS + "/" + bank + "/entries?size=500", token).json();
  }

  private long starterBank(String token) {
    return api.get(LEXICONS, token).json().valueStream().filter(b -> "starter".equals(b.get("origin").asString()))
        .findFirst().orElseThrow().get("id").asLong();
  }

  @Test
  void theStarterBankIsTheGlobalBanksFirstVersionSeededOnce() {
    var banks = api.get(LEXICONS, fx.secadmin()).json();
    var starters = banks.valueStream().filter(b -> "starter".equals(b.get("origin").asString())).toList();
    assertThat(starters).hasSize(1);
    JsonNode starter = starters.getFirst();
    assertThat(starter.get("scope").asString()).isEqualTo("global");
    assertThat(starter.get("entry_count").asLong()).isGreaterThan(50);
    var versions = api.get(LEXICONS + "/" + starter.get("id").asLong() + "/versions", fx.secadmin()).json();
    JsonNode first = versions.get(versions.size() - 1);
    assertThat(first.get("version").asInt()).isEqualTo(1);
    assertThat(first.get("created_by").asString()).isEqualTo("system");
    assertThat(first.get("summary").asString()).startsWith("starter bank");
    assertThat(first.get("restorable").asBoolean()).isTrue();
    assertThat(jdbc.sql("select count(*) from guard_lexicons where origin = 'starter'").query(Long.class).single())
        .isEqualTo(1);
  }

  @Test
  void aTenantsNewTermBlocksAtOnceForThatTenantOnly() {
    Tenant a = fx.tenant("lex-a");
    Tenant b = fx.tenant("lex-b");
    String aAdmin = fx.login(a.adminName());
    String text = "请详细介绍一下青鸾秘钥工程的内部资料";
    assertThat(check(a, text)).isNotEqualTo(GuardAction.BLOCK);

    long bank = bank(aAdmin, "甲委专用词");
    long entry = addTerm(aAdmin, bank, "青鸾秘钥工程", "term");
    assertThat(check(a, text)).isEqualTo(GuardAction.BLOCK);
    assertThat(check(b, text)).as("tenant B has no such term").isNotEqualTo(GuardAction.BLOCK);

    assertThat(api.get(LEXICONS + "/" + bank, aAdmin).json().get("current_version").asInt()).isEqualTo(2);
    // A proximity whitelist entry allows the term when its second part follows within a few characters.
    addTerm(aAdmin, bank, "青鸾秘钥工程…公开简介", "whitelist");
    assertThat(check(a, "青鸾秘钥工程的公开简介在哪里看")).isNotEqualTo(GuardAction.BLOCK);
    assertThat(check(a, text)).isEqualTo(GuardAction.BLOCK);
    assertThat(api.delete(LEXICONS + "/" + bank + "/entries/" + entry, aAdmin).status()).isEqualTo(204);
    assertThat(check(a, text)).isNotEqualTo(GuardAction.BLOCK);

    // B neither sees nor changes A's bank; B's list holds the global bank and nothing of A.
    String bAdmin = fx.login(b.adminName());
    assertProblem(api.get(LEXICONS + "/" + bank, bAdmin), 404, "lexicon.not_found");
    assertThat(api.get(LEXICONS, bAdmin).json().valueStream().map(n -> n.get("id").asLong())).doesNotContain(bank);
    // A disabled bank stops applying.
    addTerm(aAdmin, bank, "青鸾秘钥工程", "term");
    assertThat(check(a, text)).isEqualTo(GuardAction.BLOCK);
    assertThat(api.patch(LEXICONS + "/" + bank, aAdmin, map("enabled", false)).status()).isEqualTo(200);
    assertThat(check(a, text)).isNotEqualTo(GuardAction.BLOCK);
  }

  @Test
  void aNewShippedStarterListIsMergedAsOneVersionKeepingWhatOperatorsChanged() {
    Tenant a = fx.tenant("ship-a");
    String secadmin = fx.secadmin();
    long starter = starterBank(secadmin);
    List<LexiconEntry> shipped = StarterLexicon.load().entries();
    assertThat(lexicons.updateStarter(shipped)).as("the bank took this list at start").isEmpty();
    String text = "请介绍玄武秘钥工程的细节";
    assertThat(check(a, text)).isNotEqualTo(GuardAction.BLOCK);
    LexiconEntry operatorsOwn = shipped.stream().filter(e -> e.term().equals("割腕")).findFirst().orElseThrow();
    LexiconEntry untouched = shipped.stream().filter(e -> e.term().equals("偷东西")).findFirst().orElseThrow();
    long cut = entryId(secadmin, starter, "割腕");
    assertThat(api.patch(LEXICONS + "/" + starter + "/entries/" + cut, secadmin, map("note", "本委调整")).status())
        .isEqualTo(200);
    int before = version(secadmin, starter);

    // The next release adds a term, changes 偷东西 (untouched here) and 割腕 (which an operator annotated).
    List<LexiconEntry> next = new ArrayList<>(shipped);
    next.add(LexiconEntry.term("玄武秘钥工程", RiskType.A1_2, RiskLevel.HIGH));
    next.set(next.indexOf(untouched), LexiconEntry.term("偷东西", untouched.riskType(), RiskLevel.MEDIUM));
    next.set(next.indexOf(operatorsOwn), LexiconEntry.term("割腕", operatorsOwn.riskType(), RiskLevel.MEDIUM));
    try {
      assertThat(lexicons.updateStarter(next))
          .contains("starter list update: 1 added, 1 changed, 0 removed, 1 operator changes kept");
      assertThat(version(secadmin, starter)).isEqualTo(before + 1);
      assertThat(check(a, text)).isEqualTo(GuardAction.BLOCK);
      assertThat(entry(secadmin, starter, "偷东西").get("level").asString()).isEqualTo("medium");
      JsonNode kept = entry(secadmin, starter, "割腕");
      assertThat(kept.get("level").asString()).isEqualTo("high");
      assertThat(kept.get("note").asString()).isEqualTo("本委调整");
      assertThat(api.get(LEXICONS + "/" + starter + "/versions", secadmin).json().toString())
          .contains("starter list update");
      assertThat(lexicons.updateStarter(next)).as("the same list again").isEmpty();
      assertThat(version(secadmin, starter)).isEqualTo(before + 1);
    } finally {
      lexicons.updateStarter(shipped);
      api.patch(LEXICONS + "/" + starter + "/entries/" + cut, secadmin, map("note", operatorsOwn.note()));
    }
    assertThat(check(a, text)).isNotEqualTo(GuardAction.BLOCK);
    assertThat(entry(secadmin, starter, "偷东西").get("level").asString()).isEqualTo("high");
  }

  private int version(String token, long bank) {
    return api.get(LEXICONS + "/" + bank, token).json().get("current_version").asInt();
  }

  private JsonNode entry(String token, long bank, String term) {
    return api.get(LEXICONS + "/" + bank + "/entries?size=500&q=" + term, token).json().get("items").valueStream()
        .filter(e -> e.get("term").asString().equals(term)).findFirst().orElseThrow();
  }

  private long entryId(String token, long bank, String term) {
    return entry(token, bank, term).get("id").asLong();
  }

  @Test
  void aTenantsWhitelistCancelsAGlobalTermForThatTenantOnly() {
    Tenant a = fx.tenant("wl-a");
    Tenant b = fx.tenant("wl-b");
    String secadmin = fx.secadmin();
    long global = starterBank(secadmin);
    String text = "白鹭行动代号的部署情况";
    addTerm(secadmin, global, "白鹭行动代号", "term");
    assertThat(check(a, text)).isEqualTo(GuardAction.BLOCK);
    assertThat(check(b, text)).isEqualTo(GuardAction.BLOCK);

    String aAdmin = fx.login(a.adminName());
    assertProblem(api.post(LEXICONS + "/" + global + "/entries", aAdmin, map("term", "白鹭行动代号",
        "kind", "whitelist")), 403, "guard.lexicon.global_read_only");
    long bank = bank(aAdmin, "甲委白名单");
    addTerm(aAdmin, bank, "白鹭行动代号", "whitelist");
    assertThat(check(a, text)).isNotEqualTo(GuardAction.BLOCK);
    assertThat(check(b, text)).isEqualTo(GuardAction.BLOCK);
  }

  @Test
  void csvAndXlsxExportsImportBackToTheSameEntries() {
    Tenant a = fx.tenant("io-a");
    String aAdmin = fx.login(a.adminName());
    long source = bank(aAdmin, "导出源");
    addTerm(aAdmin, source, "甲词一号", "term");
    assertThat(api.post(LEXICONS + "/" + source + "/entries", aAdmin, map("term", "甲词二号", "risk_type",
        "A.2.4", "level", "medium", "requires", List.of("怎么", "如何"), "note", "带,逗号与\"引号\"")).status())
        .isEqualTo(201);
    addTerm(aAdmin, source, "举报渠道", "protective");
    List<String> expected = rows(entries(aAdmin, source));

    for (String format : List.of("csv", "xlsx")) {
      var exported = files.download(LEXICONS + "/" + source + "/export?format=" + format, aAdmin);
      assertThat(exported.status()).isEqualTo(200);
      long target = bank(aAdmin, "导入目标-" + format);
      var imported = files.upload(LEXICONS + "/" + target + "/import?mode=replace", aAdmin, "bank." + format,
          exported.body());
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
      assertThat(rows(entries(aAdmin, target))).as(format).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(api.get(LEXICONS + "/" + target, aAdmin).json().get("current_version").asInt()).isEqualTo(2);
    }
    var csv = files.download(LEXICONS + "/" + source + "/export?format=csv", aAdmin);
    assertThat(csv.contentType()).startsWith("text/csv");
    assertThat(new String(csv.body(), StandardCharsets.UTF_8)).contains("term,risk_type,level,requires,kind,note")
        .contains("甲词二号,A.2.4,medium,怎么|如何,term");
  }

  @Test
  void appendAddsAndUpdatesWhileAnyBadRowRejectsTheWholeImport() {
    Tenant a = fx.tenant("bad-a");
    String aAdmin = fx.login(a.adminName());
    long bank = bank(aAdmin, "导入校验");
    addTerm(aAdmin, bank, "旧词条", "term");
    String good = "term,risk_type,level,requires,kind,note\n旧词条,A.1.8,low,,term,改低\n新词条,A.1.7,high,,term,\n";
    var ok = files.upload(LEXICONS + "/" + bank + "/import?mode=append", aAdmin, "good.csv",
        good.getBytes(StandardCharsets.UTF_8));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("\"added\":1").contains("\"updated\":1").contains("\"version\":3");
    List<String> before = rows(entries(aAdmin, bank));
    assertThat(before).containsExactlyInAnyOrder("旧词条|A.1.8|low|term|改低", "新词条|A.1.7|high|term");

    String bad = "term,risk_type,level,requires,kind,note\n好词条,A.1.8,high,,term,\n坏词条,Z.9.9,high,,term,\n";
    var rejected = files.upload(LEXICONS + "/" + bank + "/import?mode=replace", aAdmin, "bad.csv",
        bad.getBytes(StandardCharsets.UTF_8));
    assertThat(rejected.statusCode()).isEqualTo(400);
    assertThat(rejected.body()).contains("guard.lexicon.import_invalid").contains("row 3")
        .contains("unknown risk type");
    assertThat(rows(entries(aAdmin, bank))).containsExactlyInAnyOrderElementsOf(before);
    assertThat(api.get(LEXICONS + "/" + bank, aAdmin).json().get("current_version").asInt()).isEqualTo(3);

    var notUtf8 = files.upload(LEXICONS + "/" + bank + "/import", aAdmin, "gbk.csv",
        new byte[] {'t', 'e', 'r', 'm', '\n', (byte) 0xC4, (byte) 0xE3});
    assertThat(notUtf8.statusCode()).isEqualTo(400);
    assertThat(notUtf8.body()).contains("UTF-8");
    var brokenXlsx = files.upload(LEXICONS + "/" + bank + "/import", aAdmin, "broken.xlsx",
        new byte[] {'P', 'K', 3, 4, 1, 2, 3});
    assertThat(brokenXlsx.statusCode()).isEqualTo(400);
    assertProblem(api.post(LEXICONS + "/" + bank + "/import?mode=merge", aAdmin, null), 400, "validation_failed");
    // A file that is not a bank (no term header) or has no entries never empties the bank it would replace.
    var wrongHeader = files.upload(LEXICONS + "/" + bank + "/import?mode=replace", aAdmin, "w.csv",
        "foo;bar\n".getBytes(StandardCharsets.UTF_8));
    assertThat(wrongHeader.statusCode()).as(wrongHeader.body()).isEqualTo(400);
    assertThat(wrongHeader.body()).contains("guard.lexicon.import_invalid").contains("header");
    var headerOnly = files.upload(LEXICONS + "/" + bank + "/import?mode=replace", aAdmin, "h.csv",
        "term,risk_type,level,requires,kind,note\n".getBytes(StandardCharsets.UTF_8));
    assertThat(headerOnly.body()).contains("guard.lexicon.import_empty");
    assertThat(rows(entries(aAdmin, bank))).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void anEarlierVersionCanBeRestoredAndAppliesAtOnce() {
    Tenant a = fx.tenant("ver-a");
    String aAdmin = fx.login(a.adminName());
    long bank = bank(aAdmin, "版本测试");
    long entry = addTerm(aAdmin, bank, "玄武密令", "term");
    String text = "玄武密令是什么";
    assertThat(check(a, text)).isEqualTo(GuardAction.BLOCK);
    assertThat(api.delete(LEXICONS + "/" + bank + "/entries/" + entry, aAdmin).status()).isEqualTo(204);
    assertThat(check(a, text)).isNotEqualTo(GuardAction.BLOCK);

    var versions = api.get(LEXICONS + "/" + bank + "/versions", aAdmin).json();
    assertThat(versions.valueStream().map(v -> v.get("version").asInt())).containsExactly(3, 2, 1);
    assertThat(versions.get(1).get("summary").asString()).contains("玄武密令");
    assertThat(versions.get(1).get("entry_count").asInt()).isEqualTo(1);

    var restored = api.post(LEXICONS + "/" + bank + "/versions/2/restore", aAdmin, null);
    assertThat(restored.status()).as("%s", restored).isEqualTo(200);
    assertThat(restored.json().get("current_version").asInt()).isEqualTo(4);
    assertThat(check(a, text)).isEqualTo(GuardAction.BLOCK);
    assertThat(api.get(LEXICONS + "/" + bank + "/versions", aAdmin).json().get(0).get("summary").asString())
        .isEqualTo("restored version 2");
    assertProblem(api.post(LEXICONS + "/" + bank + "/versions/99/restore", aAdmin, null), 404,
        "version.not_found");
  }

  @Test
  void entriesAreSearchedAndPagedAndBadEntriesRejectedWithTheField() {
    Tenant a = fx.tenant("srch-a");
    String aAdmin = fx.login(a.adminName());
    long bank = bank(aAdmin, "检索测试");
    addTerm(aAdmin, bank, "检索词甲", "term");
    addTerm(aAdmin, bank, "检索词乙", "term");
    addTerm(aAdmin, bank, "放行词丙", "whitelist");
    var page = api.get(LEXICONS + "/" + bank + "/entries?q=检索&size=1&page=2", aAdmin).json();
    assertThat(page.get("total").asLong()).isEqualTo(2);
    assertThat(page.get("items").size()).isEqualTo(1);
    assertThat(api.get(LEXICONS + "/" + bank + "/entries?kind=whitelist", aAdmin).json().get("items").get(0)
        .get("term").asString()).isEqualTo("放行词丙");
    assertThat(api.get(LEXICONS + "/" + bank + "/entries?risk_type=A.1.8", aAdmin).json().get("total").asLong())
        .isEqualTo(2);

    assertProblem(api.post(LEXICONS + "/" + bank + "/entries", aAdmin, map("term", "x词", "risk_type", "A.9.9")),
        400, "validation_failed");
    assertProblem(api.post(LEXICONS + "/" + bank + "/entries", aAdmin, map("term", " ，。！ ")), 400,
        "validation_failed");
    // The proximity marker … belongs to whitelist entries with two parts (杀死…蟑螂) and nowhere else.
    assertProblem(api.post(LEXICONS + "/" + bank + "/entries", aAdmin, map("term", "检索…词", "risk_type", "A.1.8")),
        400, "validation_failed");
    assertProblem(api.post(LEXICONS + "/" + bank + "/entries", aAdmin, map("term", "放行…", "kind", "whitelist")),
        400, "validation_failed");
    assertProblem(api.post(LEXICONS + "/" + bank + "/entries", aAdmin, map("term", "检索词甲", "risk_type", "A.1.8")),
        409, "guard.lexicon.entry_exists");
    assertProblem(api.raw("POST", LEXICONS + "/" + bank + "/entries", aAdmin, "application/json", "{\"term\":"),
        400, null);
    assertThat(api.get(LEXICONS + "/" + bank, aAdmin).json().get("entry_count").asLong()).isEqualTo(3);
    var types = api.get("/api/v1/guard/risk-types", aAdmin).json();
    assertThat(types.get("types").size()).isEqualTo(31);
    assertThat(types.get("classes").size()).isEqualTo(5);
    assertThat(types.get("types").get(0).get("name_zh").asString()).isNotBlank();
  }

  private static List<String> rows(JsonNode page) {
    return page.get("items").valueStream().map(e -> e.get("term").asString() + "|"
        + (e.get("risk_type").isNull() ? "" : e.get("risk_type").asString()) + "|"
        + (e.get("level").isNull() ? "" : e.get("level").asString()) + "|" + e.get("kind").asString()
        + (e.get("requires").isEmpty() ? "" : "|" + String.join("/", e.get("requires").valueStream()
            .map(JsonNode::asString).toList())) + (e.get("note").asString().isEmpty() ? "" : "|"
            + e.get("note").asString())).toList();
  }
}
