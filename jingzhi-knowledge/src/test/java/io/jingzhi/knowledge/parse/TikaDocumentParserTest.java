package io.jingzhi.knowledge.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.KnowledgeProperties;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import io.jingzhi.knowledge.parse.ParsedDocument.Block.Kind;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Each supported format parses into the structure chunkers rely on: headings, paragraphs, lists, tables, pages. */
class TikaDocumentParserTest {

  private final TikaDocumentParser parser = new TikaDocumentParser(
      new KnowledgeProperties(DataSize.ofMegabytes(20), "bge-small-zh-v1.5"));

  @TempDir
  Path tmp;

  private ParsedDocument parse(String name, byte[] bytes) {
    return parser.parse(name, new ByteArrayInputStream(bytes));
  }

  private static List<Block> of(ParsedDocument doc, Kind kind) {
    return doc.blocks().stream().filter(b -> b.kind() == kind).toList();
  }

  @Test
  void docxKeepsHeadingLevelsListItemsTablesAndMetadata() {
    ParsedDocument doc = parse("办法.docx", DocumentFixtures.docx());

    assertThat(doc.format()).isEqualTo("docx");
    assertThat(doc.title()).isEqualTo("城市公共资源管理办法");
    assertThat(doc.metadata()).containsEntry("author", "市政府办公厅").containsEntry("subject", "公共资源")
        .containsKey("created");
    assertThat(of(doc, Kind.HEADING)).extracting(Block::level, Block::text)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "第一章 总则"),
            org.assertj.core.groups.Tuple.tuple(2, "第一条 适用范围"));
    assertThat(of(doc, Kind.LIST_ITEM)).extracting(Block::text).containsExactly("申请人身份证明");
    assertThat(of(doc, Kind.PARAGRAPH)).extracting(Block::text).containsExactly("为规范城市公共资源管理，制定本办法。",
        "本办法适用于本市行政区域内的公共资源配置。", "本办法自发布之日起施行。");
    Table table = of(doc, Kind.TABLE).getFirst().table();
    assertThat(table.header()).containsExactly("事项", "时限");
    assertThat(table.rows()).containsExactly(List.of("受理", "1个工作日"), List.of("审核", "5个工作日"));
    // order is the document's: the table sits between the list item and the last paragraph
    assertThat(doc.blocks().get(doc.blocks().size() - 2).kind()).isEqualTo(Kind.TABLE);
  }

  @Test
  void wordNinetySevenDocAndItsWpsNameParseAlike() throws IOException {
    byte[] bytes = fixture("policy.doc");
    ParsedDocument doc = parse("policy.doc", bytes);
    ParsedDocument wps = parse("政策.wps", bytes);

    assertThat(doc.format()).isEqualTo("doc");
    assertThat(wps.format()).isEqualTo("wps");
    assertThat(doc.text()).contains("第一章 总则", "为规范城市公共资源管理，制定本办法。", "本办法自发布之日起施行。");
    assertThat(of(doc, Kind.HEADING)).extracting(Block::text).contains("第一章 总则", "第一条 适用范围");
    assertThat(of(doc, Kind.TABLE).getFirst().table().rows()).contains(List.of("受理", "1个工作日"));
    assertThat(wps.blocks()).isEqualTo(doc.blocks());
  }

  @Test
  void docxSavedByWpsUnderItsOwnNameIsWps() {
    ParsedDocument doc = parse("通知.wps", DocumentFixtures.docx());
    assertThat(doc.format()).isEqualTo("wps");
    assertThat(of(doc, Kind.HEADING)).hasSize(2);
  }

  @Test
  void spreadsheetsGiveOneTablePerSheetWithTheFirstNonEmptyRowAsHeader() {
    for (String name : List.of("清单.xlsx", "清单.xls", "清单.et")) {
      ParsedDocument doc = parse(name, DocumentFixtures.spreadsheet(!name.endsWith(".xls")));

      List<Block> tables = of(doc, Kind.TABLE);
      assertThat(tables).as(name).hasSize(2);
      Table items = tables.getFirst().table();
      assertThat(items.name()).as(name).isEqualTo("事项清单");
      assertThat(items.header()).as(name).containsExactly("事项名称", "办理时限", "收费标准");
      assertThat(items.rows()).as(name).containsExactly(List.of("居住证办理", "15个工作日", "免费"),
          List.of("户口迁移", "20个工作日", "免费"));
      assertThat(tables.get(1).table().name()).isEqualTo("收费");
      assertThat(tables.get(1).table().rows()).containsExactly(List.of("工本费", "20"));
      assertThat(tables).extracting(Block::page).containsExactly(1, 2);
      assertThat(doc.pageCount()).isEqualTo(2);
    }
    assertThat(parse("清单.et", DocumentFixtures.spreadsheet(false)).format()).isEqualTo("et");
    assertThat(parse("清单.et", DocumentFixtures.spreadsheet(true)).format()).isEqualTo("et");
  }

  @Test
  void slidesArePages() {
    ParsedDocument pptx = parse("解读.pptx", DocumentFixtures.pptx());
    assertThat(pptx.format()).isEqualTo("pptx");
    assertThat(pptx.pageCount()).isEqualTo(2);
    assertThat(pptx.blocks()).filteredOn(b -> b.text().contains("网上申请后窗口领证")).extracting(Block::page)
        .containsOnly(2);
    assertThat(pptx.text()).contains("政策解读", "一网通办全面推行", "办理流程");

    ParsedDocument ppt = parse("解读.dps", DocumentFixtures.ppt());
    assertThat(ppt.format()).isEqualTo("dps");
    assertThat(ppt.pageCount()).isEqualTo(2);
    assertThat(ppt.blocks()).filteredOn(b -> b.text().contains("办理条件")).extracting(Block::page).containsOnly(2);
    assertThat(parse("x.ppt", DocumentFixtures.ppt()).format()).isEqualTo("ppt");
    assertThat(parse("x.dps", DocumentFixtures.pptx()).format()).isEqualTo("dps");
  }

  @Test
  void pdfGivesPagesTitleAndAuthor() {
    ParsedDocument doc = parse("rules.pdf", DocumentFixtures.pdf(3, null));

    assertThat(doc.format()).isEqualTo("pdf");
    assertThat(doc.mediaType()).isEqualTo("application/pdf");
    assertThat(doc.pageCount()).isEqualTo(3);
    assertThat(doc.title()).isEqualTo("Public Housing Rules");
    assertThat(doc.metadata()).containsEntry("author", "Housing Bureau");
    assertThat(doc.blocks()).filteredOn(b -> b.text().contains("Section 2 explains")).extracting(Block::page)
        .containsOnly(2);
    assertThat(doc.text()).contains("Page 3 of 3");
  }

  @Test
  void contentDecidesNotTheName() {
    ParsedDocument doc = parse("really-a-pdf.docx", DocumentFixtures.pdf(1, null));
    assertThat(doc.format()).isEqualTo("pdf");
  }

  @Test
  void htmlKeepsHeadingsNestedListsAndTablesAndDropsScripts() {
    String html = """
        <html><head><title>办事指南</title><script>var x = "不要我";</script></head><body>
        <h1>居住证办理</h1><p>适用于来本市居住半年以上的人员。</p>
        <h2>申请材料</h2><ul><li>身份证<ul><li>原件</li></ul></li><li>居住证明</li></ul>
        <table><thead><tr><th>环节</th><th>时限</th></tr></thead><tr><td>受理</td><td>当场</td></tr></table>
        </body></html>""";
    ParsedDocument doc = parse("guide.html", html.getBytes(StandardCharsets.UTF_8));

    assertThat(doc.format()).isEqualTo("html");
    assertThat(doc.title()).isEqualTo("办事指南");
    assertThat(doc.text()).doesNotContain("不要我");
    assertThat(of(doc, Kind.HEADING)).extracting(Block::level).containsExactly(1, 2);
    assertThat(of(doc, Kind.LIST_ITEM)).extracting(Block::text, Block::level).containsExactly(
        org.assertj.core.groups.Tuple.tuple("身份证", 1), org.assertj.core.groups.Tuple.tuple("原件", 2),
        org.assertj.core.groups.Tuple.tuple("居住证明", 1));
    Table table = of(doc, Kind.TABLE).getFirst().table();
    assertThat(table.header()).containsExactly("环节", "时限");
    assertThat(table.rows()).containsExactly(List.of("受理", "当场"));
  }

  @Test
  void markdownHeadingsListsAndTables() {
    String md = """
        # 公积金提取指南

        购房、租房均可提取。

        ## 材料
        - 身份证
          - 复印件
        - 购房合同

        | 情形 | 额度 |
        |---|---|
        | 租房 | 每月1500元 |
        """;
    ParsedDocument doc = parse("指南.md", md.getBytes(StandardCharsets.UTF_8));

    assertThat(doc.format()).isEqualTo("md");
    assertThat(doc.title()).isEqualTo("公积金提取指南");
    assertThat(of(doc, Kind.HEADING)).extracting(Block::level, Block::text).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1, "公积金提取指南"), org.assertj.core.groups.Tuple.tuple(2, "材料"));
    assertThat(of(doc, Kind.LIST_ITEM)).extracting(Block::level).containsExactly(1, 2, 1);
    assertThat(of(doc, Kind.TABLE).getFirst().table().rows()).containsExactly(List.of("租房", "每月1500元"));
  }

  @Test
  void textInGbkUtf16AndUtf8IsDecoded() {
    String text = "第一条 为了规范政务服务事项办理，提高行政效能，制定本规定。\n第二条 本规定适用于本市各级行政机关。\n";
    for (Charset charset : List.of(Charset.forName("GBK"), Charset.forName("GB18030"), StandardCharsets.UTF_8)) {
      ParsedDocument doc = parse("规定.txt", text.getBytes(charset));
      assertThat(doc.format()).isEqualTo("txt");
      assertThat(doc.blocks()).as(charset.name()).extracting(Block::text).containsExactly(
          "第一条 为了规范政务服务事项办理，提高行政效能，制定本规定。", "第二条 本规定适用于本市各级行政机关。");
    }
    byte[] utf16 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
    assertThat(parse("规定.txt", utf16).blocks()).hasSize(2).first().extracting(Block::text)
        .isEqualTo("第一条 为了规范政务服务事项办理，提高行政效能，制定本规定。");
  }

  @Test
  void csvIsOneTableWithItsHeader() {
    String csv = "\n事项,部门,时限\n\"居住证, 首次\",公安局,15\n户口迁移,公安局,20\n";
    ParsedDocument doc = parse("事项.csv", csv.getBytes(Charset.forName("GBK")));

    assertThat(doc.format()).isEqualTo("csv");
    Table table = doc.blocks().getFirst().table();
    assertThat(table.header()).containsExactly("事项", "部门", "时限");
    assertThat(table.rows()).containsExactly(List.of("居住证, 首次", "公安局", "15"), List.of("户口迁移", "公安局", "20"));
  }

  @Test
  void jsonlIsTheJsonlTableWithIdTextAndMetadata() {
    String jsonl = """
        {"id": "faq-1", "text": "居住证多久能办好？", "metadata": {"domain": "公安", "year": 2024}}
        {"text": "公积金怎么提取？"}
        {"id": 7, "text": "社保卡丢了怎么办？", "metadata": null}
        """;
    ParsedDocument doc = parse("faq.jsonl", jsonl.getBytes(StandardCharsets.UTF_8));

    assertThat(doc.format()).isEqualTo("jsonl");
    Table table = doc.blocks().getFirst().table();
    assertThat(table.name()).isEqualTo("jsonl");
    assertThat(table.header()).containsExactly("id", "text", "metadata");
    assertThat(table.rows()).containsExactly(
        List.of("faq-1", "居住证多久能办好？", "{\"domain\":\"公安\",\"year\":2024}"),
        List.of("", "公积金怎么提取？", ""),
        List.of("7", "社保卡丢了怎么办？", ""));
  }

  @Test
  void ofdGivesParagraphsPerPage() {
    String longParagraph = "一、" + "各区各部门要按照政务公开工作要点，做好政策解读和回应关切，".repeat(6) + "确保落实到位。";
    ParsedDocument doc = parse("公文.ofd", DocumentFixtures.ofd(tmp, "关于做好2024年政务公开工作的通知",
        "各区人民政府，市政府各部门：", longParagraph));

    assertThat(doc.format()).isEqualTo("ofd");
    assertThat(doc.mediaType()).isEqualTo("application/ofd");
    assertThat(doc.pageCount()).isEqualTo(1);
    // the long paragraph is laid out over several lines (text objects); it comes back as one paragraph
    assertThat(doc.blocks()).extracting(Block::text).containsExactly("关于做好2024年政务公开工作的通知",
        "各区人民政府，市政府各部门：", longParagraph);
    assertThat(doc.blocks()).extracting(Block::page).containsOnly(1);
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = TikaDocumentParserTest.class.getResourceAsStream("/knowledge/files/" + name)) {
      return in.readAllBytes();
    }
  }
}
