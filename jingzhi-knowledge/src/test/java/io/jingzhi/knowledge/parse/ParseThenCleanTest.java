package io.jingzhi.knowledge.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.KnowledgeProperties;
import io.jingzhi.knowledge.clean.CleanedDocument;
import io.jingzhi.knowledge.clean.CleaningOptions;
import io.jingzhi.knowledge.clean.QualityReport;
import io.jingzhi.knowledge.clean.TextCleaner;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The pipeline's order — parse, then clean — on real files: what a PDF carries per page does not reach chunks. */
class ParseThenCleanTest {

  private final TikaDocumentParser parser = new TikaDocumentParser(
      new KnowledgeProperties(DataSize.ofMegabytes(20), "bge-small-zh-v1.5"));
  private final TextCleaner cleaner = new TextCleaner();

  @Test
  void runningHeaderAndPageFooterOfAPdfAreRemoved() {
    ParsedDocument parsed = parser.parse("gazette.pdf", new ByteArrayInputStream(DocumentFixtures.pdf(4, null)));
    CleanedDocument cleaned = cleaner.clean(parsed, CleaningOptions.defaults());

    assertThat(parsed.text()).contains("City Government Gazette", "Page 2 of 4");
    assertThat(cleaned.document().text()).doesNotContain("City Government Gazette", "Page 2 of 4")
        .contains("Section 2 explains the rules of public housing.");
    assertThat(cleaned.document().blocks()).extracting(Block::page).contains(1, 2, 3, 4);
    assertThat(cleaned.report().problem(QualityReport.HEADER_FOOTER).count()).isEqualTo(4);
    assertThat(cleaned.report().problem(QualityReport.PAGE_NUMBERS).count()).isEqualTo(4);
  }

  @Test
  void gbkTextWithTraditionalCharactersIsDecodedAndConverted() {
    String text = "第一條 申請人應當攜帶身份證明文件到辦事大廳辦理居住證。\n第二條 辦理時限為十五個工作日。\n";
    ParsedDocument parsed = parser.parse("規定.txt", new ByteArrayInputStream(text.getBytes(Charset.forName("GB18030"))));
    CleanedDocument cleaned = cleaner.clean(parsed, CleaningOptions.defaults().withTraditionalToSimplified(true));

    assertThat(cleaned.document().blocks().getFirst().text()).isEqualTo("第一条 申请人应当携带身份证明文件到办事大厅办理居住证。");
    assertThat(cleaned.report().fixed()).contains(QualityReport.TRADITIONAL);
  }
}
