package io.jingzhi.knowledge.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyRulesTest {

  static final String NOTICE = """
      京州市人民政府办公厅关于印发《京州市住房公积金提取管理办法》的通知
      京州政办发〔2024〕12号
      各区人民政府，市政府各委、办、局：
      根据《住房公积金管理条例》（国务院令第350号）和《关于进一步规范住房公积金提取的通知》（建金〔2023〕5号），
      经市政府同意，现将《京州市住房公积金提取管理办法》印发给你们，请认真贯彻执行。
      本办法自2024年3月1日起施行，有效期至2029年2月28日。参照京人社发[2022] 8号执行。
      2019年印发的《京州市住房公积金提取暂行办法》（京州政办发〔2019〕30号）同时废止。
      京州市人民政府办公厅
      2024年2月1日
      """;

  @Test
  void findsNumberUnitDatesCitationsAndSupersededDocuments() {
    var found = PolicyRules.extract(null, NOTICE);
    assertThat(found.title()).isEqualTo("京州市人民政府办公厅关于印发《京州市住房公积金提取管理办法》的通知");
    assertThat(found.attributes()).containsEntry(GraphVocabulary.DOC_NUMBER, "京州政办发〔2024〕12号")
        .containsEntry(GraphVocabulary.ISSUING_UNIT, "京州市人民政府办公厅")
        .containsEntry(GraphVocabulary.PUBLISH_DATE, "2024-02-01")
        .containsEntry(GraphVocabulary.EFFECTIVE_DATE, "2024-03-01")
        .containsEntry(GraphVocabulary.EXPIRY_DATE, "2029-02-28");
    assertThat(found.superseded()).containsExactly(
        new PolicyRules.Cited("京州市住房公积金提取暂行办法", "京州政办发〔2019〕30号"));
    assertThat(found.published()).as("the notice issues the 办法, it does not cite it")
        .containsExactly(new PolicyRules.Cited("京州市住房公积金提取管理办法", null));
    assertThat(found.forwarded()).isEmpty();
    assertThat(found.cited()).extracting(PolicyRules.Cited::name).containsExactly("住房公积金管理条例",
        "关于进一步规范住房公积金提取的通知", "京人社发〔2022〕8号");
    assertThat(found.cited().get(1).docNumber()).isEqualTo("建金〔2023〕5号");
  }

  @Test
  void aNoticeForwardsOrPublishesWhatItCarriesAndCitesTheRest() {
    var forwarding = PolicyRules.extract("京州市人民政府办公厅关于转发《国务院办公厅关于优化营商环境的意见》的通知",
        "各区人民政府：\n现将《国务院办公厅关于优化营商环境的意见》（国办发〔2024〕3号）转发给你们，请结合"
            + "《京州市营商环境条例》认真贯彻落实。\n");
    assertThat(forwarding.forwarded()).extracting(PolicyRules.Cited::name)
        .containsExactly("国务院办公厅关于优化营商环境的意见");
    assertThat(forwarding.published()).isEmpty();
    assertThat(forwarding.cited()).extracting(PolicyRules.Cited::name).containsExactly("京州市营商环境条例");
    var two = PolicyRules.extract(null, "关于印发《甲办法》和《乙细则》的通知\n现将《甲办法》《乙细则》印发给你们。");
    assertThat(two.published()).extracting(PolicyRules.Cited::name).containsExactly("甲办法", "乙细则");
    assertThat(two.cited()).isEmpty();
  }

  @Test
  void issuerComesFromALabelOrTheTitleWhenThereIsNoSignature() {
    assertThat(PolicyRules.extract("通知", "印发单位：京州市医疗保障局\n正文").issuingUnit()).isEqualTo("京州市医疗保障局");
    assertThat(PolicyRules.extract("京州市人力资源和社会保障局关于调整最低工资标准的通知", "正文，无落款")
        .issuingUnit()).isEqualTo("京州市人力资源和社会保障局");
    assertThat(PolicyRules.extract("一份说明", "这里没有机关，也没有文号。").attributes()).isEmpty();
  }

  @Test
  void aDocumentDoesNotCiteItself() {
    var found = PolicyRules.extract("京州市住房公积金提取管理办法", "《京州市住房公积金提取管理办法》第一条……");
    assertThat(found.cited()).isEmpty();
  }

  @Test
  void chineseNumeralDatesCountToo() {
    var found = PolicyRules.extract(null, "某某办法\n本办法自二〇二四年三月一日起施行。\n京州市医疗保障局\n二〇二四年二月二十八日\n");
    assertThat(found.attributes()).containsEntry(GraphVocabulary.EFFECTIVE_DATE, "2024-03-01")
        .containsEntry(GraphVocabulary.PUBLISH_DATE, "2024-02-28")
        .containsEntry(GraphVocabulary.ISSUING_UNIT, "京州市医疗保障局");
    assertThat(PolicyRules.arabicDates("二〇一九年十月三十一日")).isEqualTo("2019年10月31日");
  }
}
