package io.jingzhi.knowledge.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.common.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DictionaryFilesTest {

  @Test
  void csvAndXlsxReadTheSameEntries() {
    byte[] csv = "\uFEFFterm,kind,targets\n医保,abbreviation,基本医疗保险|医疗保障\n一网通办,term,\n"
        .getBytes(StandardCharsets.UTF_8);
    List<EntrySpec> fromCsv = DictionaryFiles.read(csv);
    assertThat(fromCsv).containsExactly(new EntrySpec("医保", "abbreviation", List.of("基本医疗保险", "医疗保障")),
        new EntrySpec("一网通办", "term", List.of()));
    var entries = List.of(new DictionaryEntry(1, 1, "医保", "abbreviation", List.of("基本医疗保险", "医疗保障"), null),
        new DictionaryEntry(2, 1, "一网通办", "term", List.of(), null));
    assertThat(DictionaryFiles.read(DictionaryFiles.writeXlsx(entries))).isEqualTo(fromCsv);
    assertThat(DictionaryFiles.read(DictionaryFiles.writeCsv(entries).getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(fromCsv);
  }

  @Test
  void aBadRowRejectsTheFileNamingTheRow() {
    byte[] csv = "term,kind,targets\n社保,abbreviation,社会保险\n公积金,abbrev,住房公积金\n"
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> DictionaryFiles.read(csv)).isInstanceOf(ApiException.class)
        .hasMessageStartingWith("row 3: kind").extracting(e -> ((ApiException) e).code())
        .isEqualTo("dictionary.bad_row");
    assertThatThrownBy(() -> DictionaryFiles.read("term,kind,targets\n身份证丢了,escape,\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("row 2").hasMessageContaining("at least one target");
    assertThatThrownBy(() -> DictionaryFiles.read(new byte[] {'P', 'K', 3, 4, 1, 2, 3}))
        .hasMessageContaining("not a readable XLSX");
    assertThatThrownBy(() -> DictionaryFiles.read(new byte[] {(byte) 0xC4, (byte) 0xE3, ',', 'x'}))
        .hasMessageContaining("UTF-8");
  }

  @Test
  void theStarterDictionaryLoadsWholly() {
    var starter = new StarterDictionary().entries();
    assertThat(starter).hasSizeGreaterThanOrEqualTo(100)
        .contains(new EntrySpec("公积金", "abbreviation", List.of("住房公积金")),
            new EntrySpec("一网通办", "term", List.of()),
            new EntrySpec("身份证丢了", "escape", List.of("居民身份证挂失补领")));
  }
}
