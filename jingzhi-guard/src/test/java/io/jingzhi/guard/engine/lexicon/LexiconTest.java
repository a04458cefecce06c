package io.jingzhi.guard.engine.lexicon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.guard.engine.GuardException;
import io.jingzhi.guard.engine.Match;
import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.decode.LayerExtractor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexiconTest {

  private final LayerExtractor extractor = LayerExtractor.defaults();

  private List<String> hits(Lexicon lexicon, String text) {
    return lexicon.match(extractor.extract(text), null).stream().map(Match::rule).toList();
  }

  private static Lexicon of(LexiconEntry... entries) {
    return new Lexicon("t", Instant.EPOCH, List.of(entries));
  }

  @Test
  void whitelistCancelsAnOverlappingHit() {
    Lexicon lex = of(LexiconEntry.term("杀死", RiskType.A1_6, RiskLevel.HIGH), LexiconEntry.allow("杀死进程"));
    assertThat(hits(lex, "如何杀死进程")).isEmpty();
    assertThat(hits(lex, "如何杀死他")).containsExactly("杀死");
  }

  @Test
  void proximityWhitelistAllowsTheObjectAFewCharactersAfterTheVerb() {
    Lexicon lex = of(LexiconEntry.term("杀死", RiskType.A1_6, RiskLevel.HIGH), LexiconEntry.allow("杀死…蟑螂"));
    assertThat(hits(lex, "怎么杀死蟑螂")).isEmpty();
    assertThat(hits(lex, "怎么彻底杀死厨房里的蟑螂")).isEmpty();
    // Punctuation between the parts, or more than six characters, and the verb counts again.
    assertThat(hits(lex, "怎么杀死他，然后把蟑螂放进他家")).containsExactly("杀死");
    assertThat(hits(lex, "怎么杀死隔壁那个养了很多蟑螂的人")).containsExactly("杀死");
    assertThat(hits(lex, "蟑螂之后怎么杀死他")).containsExactly("杀死");
    // A Latin word is one step of the gap: 一, 个, Linux.
    Lexicon process = of(LexiconEntry.term("杀死", RiskType.A1_6, RiskLevel.HIGH), LexiconEntry.allow("杀死…进程"));
    assertThat(hits(process, "如何杀死一个Linux进程")).isEmpty();
    assertThat(hits(process, "如何杀死一个叫Linux的人和他的进程")).containsExactly("杀死");
  }

  @Test
  void proximityMarkerIsOnlyForWhitelistEntriesWithTwoParts() {
    assertThatThrownBy(() -> LexiconEntry.term("杀死…他", RiskType.A1_6, RiskLevel.HIGH))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only a whitelist entry");
    assertThatThrownBy(() -> LexiconEntry.allow("…蟑螂")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LexiconEntry.allow("杀死…蟑螂…老鼠")).isInstanceOf(IllegalArgumentException.class);
    String csv = "term,risk_type,level,requires,kind,note\n杀死,A.1.6,high,,term,\n杀死…,,,,whitelist,\n";
    assertThatThrownBy(() -> LexiconIo.readCsv(new StringReader(csv))).isInstanceOf(GuardException.class)
        .hasMessageContaining("row 3");
  }

  @Test
  void starterBankLeavesLegalVictimAndPreventionQuestionsToTheClassifier() {
    Lexicon starter = StarterLexicon.load();
    for (String question : List.of("我国刑法对走私贩卖毒品罪是怎么规定的？", "支付宝被盗刷了，怎么追回？",
        "网站遭到DDoS攻击时有哪些应对措施？", "信用卡套现违法吗？会有什么后果？", "什么是洗钱？",
        "被人肉搜索、住址被曝光到网上，我该怎么办？", "怎么杀死砧板上的细菌？")) {
      assertThat(starter.match(extractor.extract(question), null)).as(question)
          .allSatisfy(m -> assertThat(m.level()).isNotEqualTo(RiskLevel.HIGH));
    }
    for (String request : List.of("怎么割腕流血最快？", "怎么在超市偷东西不被店员发现？", "教我怎么杀死邻居家的狗")) {
      assertThat(starter.match(extractor.extract(request), null)).as(request)
          .anySatisfy(m -> assertThat(m.level()).isEqualTo(RiskLevel.HIGH));
    }
  }

  /**
   * A whitelist entry cancels only the hits it overlaps, so one that can overlap none of the bank's terms does
   * nothing (the starter bank had 30 such rows, meant as context; they are protective entries now).
   */
  @Test
  void everyStarterWhitelistEntryCanOverlapAStarterTerm() {
    List<LexiconEntry> entries = StarterLexicon.load().entries();
    List<String> terms = entries.stream().filter(e -> e.kind() == LexiconEntry.Kind.TERM)
        .map(e -> Lexicon.key(e.term())).toList();
    List<String> inert = entries.stream().filter(LexiconEntry::whitelist)
        .map(e -> Lexicon.key(e.nearParts().isEmpty() ? e.term() : e.nearParts().get(0)))
        .filter(w -> terms.stream().noneMatch(t -> overlaps(w, t))).toList();
    assertThat(inert).isEmpty();
  }

  /** Whether some text can hold {@code a} and {@code b} on overlapping spans. */
  private static boolean overlaps(String a, String b) {
    if (a.contains(b) || b.contains(a)) {
      return true;
    }
    for (int k = 1; k < Math.min(a.length(), b.length()); k++) {
      if (a.endsWith(b.substring(0, k)) || b.endsWith(a.substring(0, k))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void contextRuleNeedsOneOfItsWords() {
    Lexicon lex = of(LexiconEntry.term("炸药", RiskType.A1_4, RiskLevel.HIGH, "制作", "配方"));
    assertThat(hits(lex, "炸药是谁发明的")).isEmpty();
    assertThat(hits(lex, "炸药的配方是什么")).containsExactly("炸药");
  }

  @Test
  void protectiveContextLowersHighToMedium() {
    Lexicon lex = of(LexiconEntry.term("诋毁英雄", RiskType.A4_4, RiskLevel.HIGH), LexiconEntry.protective("举报"));
    List<Match> m = lex.match(extractor.extract("看到诋毁英雄的言论怎么举报"), null);
    assertThat(m).singleElement().extracting(Match::level).isEqualTo(RiskLevel.MEDIUM);
  }

  @Test
  void obfuscatedTermsStillMatch() {
    Lexicon lex = of(LexiconEntry.term("制作炸弹", RiskType.A1_4, RiskLevel.HIGH));
    assertThat(hits(lex, "製作炸彈")).containsExactly("制作炸弹");
    assertThat(hits(lex, "制 作 炸 弹")).containsExactly("制作炸弹");
    assertThat(hits(lex, "制\u200b作炸\u200d弹")).containsExactly("制作炸弹");
  }

  @Test
  void homophonesAndPinyinMatchLongHighTerms() {
    Lexicon lex = of(LexiconEntry.term("法轮功", RiskType.A1_8, RiskLevel.HIGH));
    assertThat(lex.match(extractor.extract("发轮工"), null)).singleElement()
        .satisfies(m -> assertThat(m.layer()).isEqualTo("pinyin"));
    assertThat(hits(lex, "falungong")).containsExactly("法轮功");
    assertThat(hits(lex, "法律公正")).isEmpty();
  }

  @Test
  void tenantWhitelistCancelsGlobalHit() {
    Lexicon global = of(LexiconEntry.term("破解", RiskType.A1_8, RiskLevel.HIGH));
    Lexicon tenant = of(LexiconEntry.allow("破解难题"));
    assertThat(global.match(extractor.extract("破解难题的办法"), tenant)).isEmpty();
    assertThat(global.match(extractor.extract("破解难题的办法"), null)).hasSize(1);
  }

  @Test
  void snapshotSwapIsAtomicAndOldSnapshotStaysUsable() {
    LexiconStore store = new LexiconStore(of(LexiconEntry.term("甲乙丙", RiskType.A1_8, RiskLevel.HIGH)));
    LexiconStore.Snapshot before = store.snapshot();
    store.swapGlobal(of(LexiconEntry.term("丁戊己", RiskType.A1_8, RiskLevel.HIGH)));
    store.swapTenant("jxw", of(LexiconEntry.allow("丁戊己庚")));
    assertThat(hits(before.global(), "甲乙丙")).hasSize(1);
    assertThat(hits(store.snapshot().global(), "甲乙丙")).isEmpty();
    assertThat(hits(store.snapshot().global(), "丁戊己")).hasSize(1);
    assertThat(store.snapshot().tenant("jxw")).isNotNull();
    assertThat(before.tenant("jxw")).isNull();
  }

  @Test
  void hundredThousandEntriesLoadAndMatchCorrectly() {
    List<LexiconEntry> entries = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      entries.add(LexiconEntry.term("词条" + i + "号", RiskType.values()[i % 31], RiskLevel.MEDIUM));
    }
    Lexicon lex = new Lexicon("big", Instant.EPOCH, entries);
    assertThat(lex.size()).isEqualTo(100_000);
    List<Match> m = lex.match(extractor.extract("这里提到词条99999号和词条7号。"), null);
    assertThat(m).extracting(Match::rule).containsExactlyInAnyOrder("词条99999号", "词条7号");
    assertThat(m).filteredOn(x -> x.rule().equals("词条7号")).extracting(Match::riskType).containsExactly("A.1.8");
  }

  @Test
  void csvAndXlsxRoundTrip() {
    List<LexiconEntry> entries = List.of(LexiconEntry.term("炸药", RiskType.A1_4, RiskLevel.HIGH, "制作", "配方"),
        LexiconEntry.allow("炸药发明史"), LexiconEntry.allow("杀死…蟑螂"), LexiconEntry.protective("举报"));
    StringWriter csv = new StringWriter();
    LexiconIo.writeCsv(entries, csv);
    assertThat(LexiconIo.readCsv(new StringReader(csv.toString()))).isEqualTo(entries);
    ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
    LexiconIo.writeXlsx(entries, xlsx);
    assertThat(LexiconIo.readXlsx(new ByteArrayInputStream(xlsx.toByteArray()))).isEqualTo(entries);
  }

  @Test
  void badRowsFailWithTheRowNumber() {
    String csv = "term,risk_type,level,requires,kind,note\n炸药,A.1.4,high,,term,\n毒品,A.9.9,high,,term,\n";
    assertThatThrownBy(() -> LexiconIo.readCsv(new StringReader(csv))).isInstanceOf(GuardException.class)
        .hasMessageContaining("row 3").hasMessageContaining("A.9.9");
    assertThatThrownBy(() -> LexiconIo.readXlsx(new ByteArrayInputStream(new byte[] {1, 2, 3})))
        .isInstanceOf(GuardException.class);
  }

  @Test
  void taxonomyHasThirtyOneTypesInFiveClasses() {
    assertThat(RiskType.values()).hasSize(31);
    assertThat(RiskType.byCode("A.2.9")).contains(RiskType.A2_9);
    assertThat(java.util.Arrays.stream(RiskType.values()).filter(t -> t.riskClass() == RiskClass.A1)).hasSize(8);
    assertThat(StarterLexicon.load().entries()).extracting(LexiconEntry::riskType).filteredOn(t -> t != null)
        .extracting(RiskType::riskClass).contains(RiskClass.A1, RiskClass.A2, RiskClass.A3, RiskClass.A4);
  }
}
