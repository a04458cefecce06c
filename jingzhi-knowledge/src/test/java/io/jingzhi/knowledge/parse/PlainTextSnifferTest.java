package io.jingzhi.knowledge.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files skip Tika's type detection as plain UTF-8 text, and which still go through it. */
class PlainTextSnifferTest {

  @TempDir
  Path dir;

  @Test
  void utf8TextUnderATextNameIsPlainText() throws Exception {
    assertThat(sniff("policy.md", utf8("# 通知\n\n第一条 本办法自2026年1月1日起施行。\n"))).isTrue();
    assertThat(sniff("notes.TXT", utf8("\uFEFF带字节顺序标记的文本\r\n第二行\tTab"))).isTrue();
    assertThat(sniff("rows.jsonl", utf8("{\"text\": \"一行\"}\n{\"text\": \"二行\"}\n"))).isTrue();
  }

  @Test
  void aCharacterCutByTheEndOfTheHeadStillCounts() throws Exception {
    // 8191 ASCII bytes, then a three-byte character across the 8 KB boundary
    String text = "a".repeat(8191) + "中文";
    assertThat(sniff("long.txt", utf8(text))).isTrue();
  }

  @Test
  void otherNamesEncodingsAndSignaturesGoThroughDetection() throws Exception {
    assertThat(sniff("policy.docx", utf8("纯文本"))).as("not a plain-text name").isFalse();
    assertThat(sniff("policy.txt", "政务服务".getBytes(Charset.forName("GBK")))).as("not UTF-8").isFalse();
    assertThat(sniff("page.md", utf8("  <html><body>网页</body></html>"))).as("markup").isFalse();
    assertThat(sniff("doc.txt", utf8("%PDF-1.7\n"))).isFalse();
    assertThat(sniff("doc.txt", utf8("{\\rtf1\\ansi 文本}"))).isFalse();
    assertThat(sniff("run.txt", utf8("#!/bin/sh\necho hi\n"))).isFalse();
    assertThat(sniff("bin.txt", new byte[] {'a', 'b', 0, 'c'})).as("control bytes").isFalse();
    assertThat(sniff("blank.txt", utf8(" \n\n"))).isFalse();
    assertThat(sniff("short.txt", new byte[] {'a', (byte) 0xE4, (byte) 0xB8})).as("cut short").isFalse();
  }

  @Test
  void theParserStillReadsWhatTheSnifferLetsThrough() {
    var parser = new TikaDocumentParser(new io.jingzhi.knowledge.KnowledgeProperties(
        org.springframework.util.unit.DataSize.ofMegabytes(20), "m"));
    ParsedDocument doc = parser.parse("policy.md", new java.io.ByteArrayInputStream(
        utf8("# 居住证办理\n\n## 办理条件\n\n在本市居住半年以上。\n")));
    assertThat(doc.format()).isEqualTo("md");
    assertThat(doc.text()).contains("居住证办理").contains("在本市居住半年以上。");
  }

  private boolean sniff(String name, byte[] bytes) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return PlainTextSniffer.isPlainUtf8(name, file);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
