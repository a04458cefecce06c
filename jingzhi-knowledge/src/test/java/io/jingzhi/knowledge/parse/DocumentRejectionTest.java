package io.jingzhi.knowledge.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jingzhi.knowledge.KnowledgeProperties;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hssf.record.crypto.Biff8EncryptionKey;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Every bad file is refused with its own code and a message a user can act on — never a stack trace or a hang. */
class DocumentRejectionTest {

  private final TikaDocumentParser parser = parser(DataSize.ofMegabytes(20), ParseLimits.defaults());

  @TempDir
  Path tmp;

  private static TikaDocumentParser parser(DataSize maxFileSize, ParseLimits limits) {
    return new TikaDocumentParser(new KnowledgeProperties(maxFileSize, "bge-small-zh-v1.5", limits));
  }

  private static DocumentRejected rejected(TikaDocumentParser parser, String name, byte[] bytes, String reason) {
    DocumentRejected e = catchThrowableOfType(DocumentRejected.class,
        () -> parser.parse(name, new ByteArrayInputStream(bytes)));
    assertThat(e).as(name).isNotNull();
    assertThat(e.code()).as(name + ": " + e.getMessage()).isEqualTo("document." + reason);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.status().value()).isEqualTo(422);
    assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception");
    return e;
  }

  private DocumentRejected rejected(String name, byte[] bytes, String reason) {
    return rejected(parser, name, bytes, reason);
  }

  @Test
  void unsupportedTypesNameWhatTheFileIs() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1};
    assertThat(rejected("scan.png", png, "unsupported_type").getMessage()).contains("image/png");
    assertThat(rejected("photo.docx", png, "unsupported_type").getMessage()).contains("image/png");
    assertThat(rejected("archive.zip", plainZip(), "unsupported_type").getMessage()).contains("application/zip");
  }

  @Test
  void passwordProtectedFilesAreEncrypted() throws IOException {
    rejected("secret.pdf", DocumentFixtures.pdf(1, "user-secret"), "encrypted");
    assertThat(rejected("secret.docx", DocumentFixtures.encryptedDocx(), "encrypted").getMessage())
        .contains("password");
    rejected("secret.xls", encryptedXls(), "encrypted");
    rejected("secret.ppt", encryptedPpt(), "encrypted");
    rejected("secret.doc", encryptedDoc(), "encrypted");
    rejected("secret.ofd", DocumentFixtures.withEntry(DocumentFixtures.ofd(tmp, "机密"), "Encryptions.xml",
        "<ofd:Encryptions xmlns:ofd=\"http://www.ofdspec.org/2016\"/>".getBytes(StandardCharsets.UTF_8)),
        "encrypted");
  }

  @Test
  void aPdfWithOnlyAnOwnerPasswordStillParses() {
    // "permissions" PDFs open without a password in every reader; refusing them would refuse many gazettes
    byte[] pdf = DocumentFixtures.pdf(1, "");
    assertThat(parser.parse("gazette.pdf", new ByteArrayInputStream(pdf)).text()).contains("public housing");
  }

  @Test
  void damagedAndTruncatedFilesAreCorrupt() throws IOException {
    byte[] docx = DocumentFixtures.docx();
    rejected("cut.docx", Arrays.copyOf(docx, docx.length / 2), "corrupt");
    byte[] xlsx = DocumentFixtures.spreadsheet(true);
    rejected("cut.xlsx", Arrays.copyOf(xlsx, xlsx.length - 200), "corrupt");
    byte[] doc = TikaDocumentParserTest.fixture("policy.doc");
    rejected("cut.doc", Arrays.copyOf(doc, 2048), "corrupt");
    byte[] pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n garbage".getBytes();
    rejected("broken.pdf", pdf, "corrupt");
    assertThat(rejected("bad.jsonl", "{\"text\": \"好\"}\n{\"text\": 好}\n".getBytes(StandardCharsets.UTF_8),
        "corrupt").getMessage()).contains("Line 2");
    rejected("bad.jsonl", "{\"id\": 1}\n".getBytes(StandardCharsets.UTF_8), "corrupt");
    rejected("bad.csv", "a,b\n\"unclosed,1\n".getBytes(StandardCharsets.UTF_8), "corrupt");
  }

  @Test
  void filesWithoutTextAreEmpty() throws IOException {
    rejected("nothing.txt", new byte[0], "empty");
    rejected("blank.txt", "  \n\n\t \n".getBytes(StandardCharsets.UTF_8), "empty");
    try (XWPFDocument blank = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      blank.createParagraph();
      blank.write(out);
      rejected("blank.docx", out.toByteArray(), "empty");
    }
    assertThat(rejected("scan.pdf", blankPdf(), "empty").getMessage()).contains("OCR");
  }

  @Test
  void filesAndTextsOverTheLimitsAreTooLarge() {
    TikaDocumentParser small = parser(DataSize.ofKilobytes(2), ParseLimits.defaults());
    rejected(small, "big.txt", "好".repeat(1000).getBytes(StandardCharsets.UTF_8), "too_large");

    ParseLimits fewCharacters = new ParseLimits(40, Duration.ofSeconds(60), DataSize.ofMegabytes(512), 100);
    TikaDocumentParser brief = parser(DataSize.ofMegabytes(20), fewCharacters);
    rejected(brief, "long.docx", DocumentFixtures.docx(), "too_large");
    rejected(brief, "long.txt", "字".repeat(41).getBytes(StandardCharsets.UTF_8), "too_large");
    rejected(brief, "long.ofd", DocumentFixtures.ofd(tmp, "第一段文字足够长".repeat(3), "第二段文字也足够长".repeat(3)),
        "too_large");
  }

  @Test
  void zipContainersThatInflateTooFarAreZipBombs() {
    // 12 MB of zeros deflate to about 12 KB: a ratio near 1000, far over the default 100
    rejected("bomb.docx", DocumentFixtures.withZipBomb(DocumentFixtures.docx(), 12L << 20), "zip_bomb");
    rejected("bomb.xlsx", DocumentFixtures.withZipBomb(DocumentFixtures.spreadsheet(true), 12L << 20), "zip_bomb");
    rejected("bomb.ofd", DocumentFixtures.withZipBomb(DocumentFixtures.ofd(tmp, "通知"), 12L << 20), "zip_bomb");

    ParseLimits tight = new ParseLimits(10_000_000, Duration.ofSeconds(60), DataSize.ofMegabytes(4), 100_000);
    rejected(parser(DataSize.ofMegabytes(20), tight), "big.docx",
        DocumentFixtures.withZipBomb(DocumentFixtures.docx(), 5L << 20), "zip_bomb");
  }

  @Test
  void textInAnEncodingThatCannotBeRecognisedIsAnEncodingError() {
    // UTF-16 without a byte-order mark: every other byte is NUL
    byte[] utf16 = "Service guide for residence permits, version two.".getBytes(StandardCharsets.UTF_16LE);
    assertThat(rejected("guide.txt", utf16, "encoding").getMessage()).contains("UTF-8");
    byte[] controls = new byte[400];
    for (int i = 0; i < controls.length; i++) {
      controls[i] = (byte) (i % 2 == 0 ? 'a' : 1 + i % 7);
    }
    rejected("data.csv", controls, "encoding");
  }

  @Test
  void aParseThatTakesTooLongIsStopped() {
    ParseLimits instant = new ParseLimits(10_000_000, Duration.ofMillis(1), DataSize.ofMegabytes(512), 100);
    byte[] pdf = DocumentFixtures.pdf(40, null);
    rejected(parser(DataSize.ofMegabytes(20), instant), "long.pdf", pdf, "timeout");
  }

  @Test
  void aStoredFileIsParsedInPlaceAndKept() throws IOException {
    Path stored = tmp.resolve("stored-original");
    byte[] docx = DocumentFixtures.docx();
    Files.write(stored, docx);
    assertThat(parser.parse("ok.docx", stored).text())
        .isEqualTo(parser.parse("ok.docx", new ByteArrayInputStream(docx)).text())
        .contains("总则");
    assertThat(stored).exists().hasBinaryContent(docx);

    Files.write(stored, new byte[2048]);
    DocumentRejected tooLarge = catchThrowableOfType(DocumentRejected.class,
        () -> parser(DataSize.ofKilobytes(1), ParseLimits.defaults()).parse("big.txt", stored));
    assertThat(tooLarge.reason()).isEqualTo("too_large");
    assertThat(stored).exists();
  }

  @Test
  void theSameParserGoesOnAfterARejection() {
    assertThatThrownBy(() -> parser.parse("cut.docx", new ByteArrayInputStream(new byte[] {'P', 'K', 3, 4, 1})))
        .isInstanceOf(DocumentRejected.class);
    assertThat(parser.parse("ok.docx", new ByteArrayInputStream(DocumentFixtures.docx())).text()).contains("总则");
  }

  private static byte[] plainZip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("notes.txt"));
      zip.write("hello".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] encryptedXls() throws IOException {
    Biff8EncryptionKey.setCurrentUserPassword("secret");
    try (HSSFWorkbook workbook = new HSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      workbook.createSheet("机密").createRow(0).createCell(0).setCellValue("内部数据");
      workbook.write(out);
      return out.toByteArray();
    } finally {
      Biff8EncryptionKey.setCurrentUserPassword(null);
    }
  }

  private static byte[] encryptedPpt() throws IOException {
    Biff8EncryptionKey.setCurrentUserPassword("secret");
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        org.apache.poi.hslf.usermodel.HSLFSlideShow ppt = new org.apache.poi.hslf.usermodel.HSLFSlideShow(
            new ByteArrayInputStream(DocumentFixtures.ppt()))) {
      ppt.write(out);
      return out.toByteArray();
    } finally {
      Biff8EncryptionKey.setCurrentUserPassword(null);
    }
  }

  private static byte[] encryptedDoc() throws IOException {
    Biff8EncryptionKey.setCurrentUserPassword("secret");
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
        org.apache.poi.hwpf.HWPFDocument doc = new org.apache.poi.hwpf.HWPFDocument(
            new ByteArrayInputStream(TikaDocumentParserTest.fixture("policy.doc")))) {
      doc.write(out);
      return out.toByteArray();
    } finally {
      Biff8EncryptionKey.setCurrentUserPassword(null);
    }
  }

  private static byte[] blankPdf() throws IOException {
    try (var doc = new org.apache.pdfbox.pdmodel.PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      doc.addPage(new org.apache.pdfbox.pdmodel.PDPage());
      doc.save(out);
      return out.toByteArray();
    }
  }
}
