package io.jingzhi.knowledge.parse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.hslf.usermodel.HSLFSlide;
import org.apache.poi.hslf.usermodel.HSLFSlideShow;
import org.apache.poi.hslf.usermodel.HSLFTextBox;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xslf.usermodel.SlideLayout;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFSlideLayout;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.ofdrw.layout.OFDDoc;
import org.ofdrw.layout.element.Paragraph;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/** Office, PDF, OFD and zip files made in the tests with the libraries that write those formats. */
final class DocumentFixtures {

  private DocumentFixtures() {}

  /** A policy document: title style, two heading levels, paragraphs, a list paragraph and a table. */
  static byte[] docx() {
    try (XWPFDocument doc = new XWPFDocument()) {
      XWPFStyles styles = doc.createStyles();
      style(styles, "Title", "Title");
      style(styles, "Heading1", "heading 1");
      style(styles, "Heading2", "heading 2");
      style(styles, "ListParagraph", "List Paragraph");
      doc.getProperties().getCoreProperties().setTitle("城市公共资源管理办法");
      doc.getProperties().getCoreProperties().setCreator("市政府办公厅");
      doc.getProperties().getCoreProperties().setSubjectProperty("公共资源");
      paragraph(doc, "Heading1", "第一章 总则");
      paragraph(doc, null, "为规范城市公共资源管理，制定本办法。");
      paragraph(doc, "Heading2", "第一条 适用范围");
      paragraph(doc, null, "本办法适用于本市行政区域内的公共资源配置。");
      paragraph(doc, "ListParagraph", "申请人身份证明");
      XWPFTable table = doc.createTable(3, 2);
      String[][] cells = {{"事项", "时限"}, {"受理", "1个工作日"}, {"审核", "5个工作日"}};
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 2; c++) {
          table.getRow(r).getCell(c).setText(cells[r][c]);
        }
      }
      paragraph(doc, null, "本办法自发布之日起施行。");
      return write(doc::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void style(XWPFStyles styles, String id, String name) {
    CTStyle ct = CTStyle.Factory.newInstance();
    ct.setStyleId(id);
    ct.addNewName().setVal(name);
    ct.setType(STStyleType.PARAGRAPH);
    styles.addStyle(new XWPFStyle(ct));
  }

  private static void paragraph(XWPFDocument doc, String style, String text) {
    XWPFParagraph p = doc.createParagraph();
    if (style != null) {
      p.setStyle(style);
    }
    p.createRun().setText(text);
  }

  /** Two sheets; the first starts with an empty row above its header. */
  static byte[] spreadsheet(boolean xlsx) {
    try (Workbook workbook = xlsx ? new XSSFWorkbook() : new HSSFWorkbook()) {
      Sheet items = workbook.createSheet("事项清单");
      items.createRow(0);
      row(items, 1, "事项名称", "办理时限", "收费标准");
      row(items, 2, "居住证办理", "15个工作日", "免费");
      row(items, 3, "户口迁移", "20个工作日", "免费");
      Sheet fees = workbook.createSheet("收费");
      row(fees, 0, "项目", "金额");
      row(fees, 1, "工本费", "20");
      return write(workbook::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void row(Sheet sheet, int index, String... values) {
    Row row = sheet.createRow(index);
    for (int i = 0; i < values.length; i++) {
      row.createCell(i).setCellValue(values[i]);
    }
  }

  static byte[] pptx() {
    try (XMLSlideShow ppt = new XMLSlideShow()) {
      XSLFSlideLayout layout = ppt.getSlideMasters().getFirst().getLayout(SlideLayout.TITLE_AND_CONTENT);
      for (String[] content : List.of(new String[] {"政策解读", "一网通办全面推行"},
          new String[] {"办理流程", "网上申请后窗口领证"})) {
        XSLFSlide slide = ppt.createSlide(layout);
        slide.getPlaceholder(0).setText(content[0]);
        slide.getPlaceholder(1).setText(content[1]);
      }
      return write(ppt::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] ppt() {
    try (HSLFSlideShow ppt = new HSLFSlideShow()) {
      for (String text : List.of("第一页 政策背景", "第二页 办理条件")) {
        HSLFSlide slide = ppt.createSlide();
        HSLFTextBox box = slide.createTextBox();
        box.setText(text);
        box.setAnchor(new java.awt.Rectangle(50, 50, 400, 100));
      }
      return write(ppt::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PDF of {@code pages} pages with a running header, two paragraphs and a "Page n of N" footer each. */
  static byte[] pdf(int pages, String userPassword) {
    try (PDDocument doc = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int n = 1; n <= pages; n++) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
          line(out, font, 740, "City Government Gazette");
          line(out, font, 650, "Section " + n + " explains the rules of public housing.");
          line(out, font, 600, "Applicants file the form at the service hall " + n + ".");
          line(out, font, 60, "Page " + n + " of " + pages);
        }
      }
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle("Public Housing Rules");
      info.setAuthor("Housing Bureau");
      if (userPassword != null) {
        StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword,
            new AccessPermission());
        policy.setEncryptionKeyLength(128);
        doc.protect(policy);
      }
      return write(doc::save);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void line(PDPageContentStream out, PDType1Font font, float y, String text) throws IOException {
    out.beginText();
    out.setFont(font, 12);
    out.newLineAtOffset(72, y);
    out.showText(text);
    out.endText();
  }

  /** An OOXML file encrypted with a password the way Office does it (an OLE2 container around the package). */
  static byte[] encryptedDocx() {
    try (POIFSFileSystem fs = new POIFSFileSystem()) {
      EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
      Encryptor encryptor = info.getEncryptor();
      encryptor.confirmPassword("secret");
      try (OutputStream out = encryptor.getDataStream(fs)) {
        out.write(docx());
      }
      return write(fs::writeFilesystem);
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An OFD written by ofdrw's layout module: two paragraphs. */
  static byte[] ofd(Path dir, String... paragraphs) {
    Path file = dir.resolve("fixture-" + System.nanoTime() + ".ofd");
    try (OFDDoc doc = new OFDDoc(file)) {
      for (String text : paragraphs) {
        doc.add(new Paragraph(text));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The zip container {@code original} (a docx, an OFD) with one more part that inflates to {@code inflated} zero
   * bytes: a zip bomb that still looks like its format.
   */
  static byte[] withZipBomb(byte[] original, long inflated) {
    return withEntry(original, "Res/padding.bin", new byte[(int) inflated]);
  }

  /** The zip container {@code original} with one more entry. */
  static byte[] withEntry(byte[] original, String name, byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes);
        ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(original))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        zip.putNextEntry(new ZipEntry(entry.getName()));
        in.transferTo(zip);
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private static byte[] write(Writer writer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out);
    return out.toByteArray();
  }
}
