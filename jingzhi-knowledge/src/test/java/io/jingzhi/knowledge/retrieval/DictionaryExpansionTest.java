package io.jingzhi.knowledge.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.index.IndexQuery.Phrase;
import io.jingzhi.knowledge.retrieval.QueryDictionary.Entry;
import io.jingzhi.knowledge.retrieval.QueryDictionary.Entry.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DictionaryExpansionTest {

  private static final QueryDictionary DICT = new QueryDictionary(List.of(
      new Entry("一网通办", Kind.TERM, List.of()),
      new Entry("公积金", Kind.ABBREVIATION, List.of("住房公积金")),
      new Entry("医保", Kind.SYNONYM, List.of("医疗保险", "基本医疗保险")),
      new Entry("身份证丢了", Kind.ESCAPE, List.of("居民身份证挂失补领"))));

  @Test
  void aTermInTheQueryIsMatchedWholeAndNothingIsAdded() {
    var x = DictionaryExpansion.expand("一网通办怎么用", DICT);
    assertThat(x.expanded()).isEqualTo("一网通办怎么用");
    assertThat(x.phrases()).containsExactly(new Phrase("一网通办", 1f));
  }

  @Test
  void anAbbreviationSearchesBothFormsFromEitherSide() {
    var shortForm = DictionaryExpansion.expand("公积金提取", DICT);
    assertThat(shortForm.expanded()).isEqualTo("公积金提取 住房公积金");
    assertThat(shortForm.phrases()).extracting(Phrase::text).containsExactlyInAnyOrder("公积金", "住房公积金");

    var longForm = DictionaryExpansion.expand("住房公积金提取", DICT);
    assertThat(longForm.expanded()).isEqualTo("住房公积金提取"); // the short form is inside the long one
    assertThat(longForm.phrases()).extracting(Phrase::text).contains("住房公积金");
  }

  @Test
  void aSynonymBringsEveryOtherMember() {
    var x = DictionaryExpansion.expand("医疗保险报销比例", DICT);
    assertThat(x.expanded()).isEqualTo("医疗保险报销比例 医保 基本医疗保险");
    assertThat(x.phrases()).extracting(Phrase::text)
        .containsExactlyInAnyOrder("医保", "医疗保险", "基本医疗保险");
  }

  @Test
  void anEscapeAddsItsTargetWithMoreWeightThanTheUsersWords() {
    var x = DictionaryExpansion.expand("身份证丢了怎么办", DICT);
    assertThat(x.expanded()).isEqualTo("身份证丢了怎么办 居民身份证挂失补领");
    assertThat(x.phrases()).contains(new Phrase("居民身份证挂失补领", DictionaryExpansion.ESCAPE_BOOST),
        new Phrase("身份证丢了", DictionaryExpansion.PHRASE_BOOST));
    assertThat(DictionaryExpansion.ESCAPE_BOOST).isGreaterThan(DictionaryExpansion.PHRASE_BOOST);
  }

  @Test
  void aQueryWithoutDictionaryWordsIsLeftAsItIs() {
    var x = DictionaryExpansion.expand("  营业执照办理  ", DICT);
    assertThat(x.expanded()).isEqualTo("营业执照办理");
    assertThat(x.phrases()).isEmpty();
    assertThat(DictionaryExpansion.expand("ABC", new QueryDictionary(List.of(new Entry("abc", Kind.TERM,
        List.of())))).phrases()).hasSize(1);
  }
}
