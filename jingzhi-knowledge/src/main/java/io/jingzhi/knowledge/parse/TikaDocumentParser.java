package io.jingzhi.knowledge.parse;

import io.jingzhi.knowledge.KnowledgeProperties;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.Office;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.Property;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.springframework.stereotype.Component;
import org.xml.sax.ContentHandler;

/**
 * The platform's {@link DocumentParser}: Apache Tika for Office (doc, docx, xls, xlsx, ppt, pptx and their Kingsoft
 * WPS names wps, et, dps), PDF and HTML; ofdrw for OFD; CommonMark, Commons CSV and Jackson for md, csv and jsonl.
 * The type is detected from the bytes. The file is spooled to a temporary file (never held in memory, so a 20 MB
 * PDF parses in the default heap), zip containers pass {@link ZipBombGuard} first, and the parse runs on its own
 * thread under {@link ParseLimits#timeout()}. Embedded files (images, OLE objects) are not parsed.
 */
@Component
public class TikaDocumentParser implements DocumentParser {

  private final long maxFileSize;
  private final ParseLimits limits;
  private final TikaConfig tika;
  private final Detector detector;
  private final AutoDetectParser parser;
  private final ZipBombGuard zipGuard;
  private final OfdExtractor ofd = new OfdExtractor();
  private final PlainTextParser plainText = new PlainTextParser();
  /** Parse threads: created on demand, reused, ended after 30 s idle; daemons, so they never hold the JVM. */
  private final ExecutorService threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), Thread.ofPlatform().daemon().name("kb-parse-", 1).factory());

  public TikaDocumentParser(KnowledgeProperties properties) {
    this.maxFileSize = properties.maxFileSize().toBytes();
    this.limits = properties.parsing() != null ? properties.parsing() : ParseLimits.defaults();
    this.tika = TikaConfig.getDefaultConfig();
    this.detector = tika.getDetector();
    this.parser = new AutoDetectParser(tika);
    this.zipGuard = new ZipBombGuard(limits.maxUnzippedSize().toBytes(), limits.maxCompressionRatio());
    // POI keeps these JVM-wide; they are its second line behind ZipBombGuard while it inflates OOXML parts
    ZipSecureFile.setMaxEntrySize(limits.maxUnzippedSize().toBytes());
    ZipSecureFile.setMinInflateRatio(1.0 / limits.maxCompressionRatio());
  }

  @Override
  public ParsedDocument parse(String filename, InputStream content) {
    Path file = spool(content);
    try {
      return withTimeout(filename, () -> parseFile(filename, file));
    } finally {
      deleteQuietly(file);
    }
  }

  /** Reads the stored file in place (no temporary copy); parsers only read it. */
  @Override
  public ParsedDocument parse(String filename, Path file) {
    try {
      if (Files.size(file) > maxFileSize) {
        throw new DocumentRejected("too_large", "The file is larger than " + maxFileSize / (1024 * 1024)
            + " MB, the limit of one file. Split it or compress its images.");
      }
    } catch (IOException e) {
      throw new DocumentRejected("corrupt", "The file could not be read: " + e.getMessage());
    }
    return withTimeout(filename, () -> parseFile(filename, file));
  }

  private ParsedDocument parseFile(String filename, Path file) throws IOException {
    if (Files.size(file) == 0) {
      throw new DocumentRejected("empty", "The file is empty (0 bytes).");
    }
    MediaType type = PlainTextSniffer.isPlainUtf8(filename, file) ? MediaType.TEXT_PLAIN : detect(file);
    String base = Formats.base(type.getBaseType().toString());
    if (Formats.ZIP.equals(base)) {
      base = OfdExtractor.isOfd(file) ? "ofd" : null;
    }
    if (base == null && type.equals(MediaType.OCTET_STREAM) && mayBeText(file, filename)) {
      // Tika's magic recognises ASCII and UTF-8 text only; GBK, GB18030 and UTF-16 text look binary to it
      base = Formats.TEXT;
    }
    if (base == null) {
      throw new DocumentRejected("unsupported_type", "Files of type " + type.getBaseType() + " cannot be imported. "
          + "Supported: txt, md, html, pdf, doc, docx, ppt, pptx, xls, xlsx, csv, jsonl, wps, et, dps, ofd.");
    }
    if (Formats.PROTECTED_OOXML.equals(base)) {
      throw encrypted();
    }
    if (Formats.TEXT.equals(base)) {
      base = Formats.textFormat(filename);
      if (!base.equals("html")) {
        return requireText(plainText.parse(base, Files.readAllBytes(file), limits.maxCharacters()));
      }
    }
    if (Formats.ZIP_BASED.contains(base) || (Formats.OFFICE_UNKNOWN.equals(base) && ZipBombGuard.isZip(file))) {
      zipGuard.check(file);
    }
    if (base.equals("ofd")) {
      return requireText(ofd.extract(file, limits.maxCharacters()));
    }
    return requireText(parseWithTika(Formats.OFFICE_UNKNOWN.equals(base) ? filename
        : Formats.officeName(base, filename), base, file));
  }

  /**
   * Whether a file Tika calls binary may still be text in a legacy encoding: it carries a plain-text name, a UTF-16
   * byte-order mark, or no NUL byte in its first 8 KB. {@link TextDecoder} then decodes it or refuses it as
   * {@code encoding}.
   */
  private static boolean mayBeText(Path file, String filename) throws IOException {
    if (!Formats.textFormat(filename).equals("txt") || Formats.extension(filename).equals("txt")) {
      return true;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(8192);
    }
    if (head.length >= 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE)
        || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF))) {
      return true;
    }
    for (byte b : head) {
      if (b == 0) {
        return false;
      }
    }
    return true;
  }

  private MediaType detect(Path file) throws IOException {
    // no file name in the metadata: the content alone decides what the file is
    try (TikaInputStream in = TikaInputStream.get(file)) {
      return detector.detect(in, new Metadata());
    }
  }

  /**
   * @param format the format name to report; for {@link Formats#OFFICE_UNKNOWN} the file name, so that the format
   *     is named once the parser has told what the container holds
   */
  private ParsedDocument parseWithTika(String format, String base, Path file) {
    Metadata metadata = new Metadata();
    XhtmlBlockHandler handler = new XhtmlBlockHandler(limits.maxCharacters(), Formats.isSpreadsheet(base));
    try (TikaInputStream in = TikaInputStream.get(file, metadata)) {
      parser.parse(in, handler, metadata, context());
    } catch (Exception e) {
      throw rejection(e);
    } catch (StackOverflowError e) {
      throw new DocumentRejected("corrupt", "The file is nested too deeply to be read; it may be damaged or hostile.");
    }
    if (Formats.OFFICE_UNKNOWN.equals(base)) {
      // the parser may still have told the application from the content; otherwise the container is damaged
      MediaType parsedType = MediaType.parse(metadata.get(Metadata.CONTENT_TYPE));
      String parsedAs = parsedType == null ? null : Formats.base(parsedType.getBaseType().toString());
      if (parsedAs == null || !Formats.OFFICE.contains(parsedAs)) {
        throw new DocumentRejected("corrupt", "The Office file is damaged: its parts do not say whether it is a "
            + "document, a spreadsheet or a presentation. Open it in its application, save it again and upload it "
            + "again.");
      }
      format = Formats.officeName(parsedAs, format);
    }
    int pages = handler.pages() > 0 ? handler.pages() : firstInt(metadata, PagedText.N_PAGES, Office.PAGE_COUNT,
        Office.SLIDE_COUNT);
    String mediaType = metadata.get(Metadata.CONTENT_TYPE);
    return new ParsedDocument(format, mediaType != null ? MediaType.parse(mediaType).getBaseType().toString() : base,
        blankToNull(metadata.get(TikaCoreProperties.TITLE)), handler.blocks(), fileMetadata(metadata), pages);
  }

  private ParseContext context() {
    ParseContext context = new ParseContext();
    PDFParserConfig pdf = new PDFParserConfig();
    pdf.setExtractInlineImages(false);
    pdf.setExtractBookmarksText(false);
    pdf.setExtractAnnotationText(true);
    pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
    // past this PDFBox buffers in temp files instead of the heap
    pdf.setMaxMainMemoryBytes(64L * 1024 * 1024);
    context.set(PDFParserConfig.class, pdf);
    OfficeParserConfig office = new OfficeParserConfig();
    office.setIncludeHeadersAndFooters(false);
    office.setIncludeDeletedContent(false);
    office.setIncludeMoveFromContent(false);
    office.setIncludeSlideMasterContent(false);
    office.setExtractMacros(false);
    context.set(OfficeParserConfig.class, office);
    context.set(EmbeddedDocumentExtractor.class, new SkipEmbedded());
    return context;
  }

  /** Maps what a parser threw to the reason a user reads. */
  private static DocumentRejected rejection(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DocumentRejected rejected) {
        return rejected;
      }
      if (t instanceof EncryptedDocumentException || t instanceof org.apache.poi.EncryptedDocumentException) {
        return encrypted();
      }
      // Tika's SecureContentHandler reports an output explosion as a TikaException with this wording
      if (t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("zip bomb")) {
        return new DocumentRejected("zip_bomb", "The file was refused as a zip bomb: " + t.getMessage() + ".");
      }
      if (t instanceof XhtmlBlockHandler.TooMuchText) {
        return new DocumentRejected("too_large", "The file has " + t.getMessage() + " allowed. Split it into "
            + "smaller files.");
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return new DocumentRejected("corrupt", "The file is damaged or truncated and cannot be read ("
        + rootMessage(e) + "). Open it in its application, save it again and upload it again.");
  }

  private static DocumentRejected encrypted() {
    return new DocumentRejected("encrypted", "The file is protected by a password. Remove the password in its "
        + "application (save a copy without protection) and upload it again.");
  }

  private static ParsedDocument requireText(ParsedDocument document) {
    if (document.text().isBlank()) {
      String hint = document.format().equals("pdf") || document.format().equals("ofd")
          ? " OCR needed: the file has no text layer (scanned pages?)." : " Check that it is the right file.";
      throw new DocumentRejected("empty", "No text was found in the file." + hint);
    }
    return document;
  }

  private Path spool(InputStream content) {
    Path file;
    try {
      file = Files.createTempFile("jingzhi-parse-", ".bin");
    } catch (IOException e) {
      throw new UncheckedIOException("no room for a temporary file", e);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      int n;
      while ((n = content.read(buffer)) > 0) {
        total += n;
        if (total > maxFileSize) {
          throw new DocumentRejected("too_large", "The file is larger than " + maxFileSize / (1024 * 1024)
              + " MB, the limit of one file. Split it or compress its images.");
        }
        out.write(buffer, 0, n);
      }
      return file;
    } catch (IOException e) {
      deleteQuietly(file);
      throw new DocumentRejected("corrupt", "The upload could not be read to the end: " + e.getMessage());
    } catch (RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
  }

  @PreDestroy
  void close() {
    threads.shutdownNow();
  }

  private interface ParseTask {
    ParsedDocument run() throws Exception;
  }

  /**
   * Runs the parse on a thread of the parse pool so that a file that makes a parser spin is answered with
   * {@code timeout}. The thread is interrupted; a parser that ignores interrupts finishes in the background, bounded
   * by the character limit (the pool starts another thread meanwhile). Pool threads are reused (a thread per file
   * cost a thread start and stop per document) and carry the file's name while they parse it, for thread dumps.
   */
  private ParsedDocument withTimeout(String filename, ParseTask task) {
    Future<ParsedDocument> future = threads.submit(() -> {
      Thread current = Thread.currentThread();
      String name = current.getName();
      current.setName("parse-" + filename);
      try {
        return task.run();
      } finally {
        current.setName(name);
      }
    });
    try {
      return future.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new DocumentRejected("timeout", "Parsing the file took longer than " + limits.timeout().toSeconds()
          + " s and was stopped. Split the file or save it again in a simpler format.");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new DocumentRejected("timeout", "Parsing was interrupted.");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof DocumentRejected rejected) {
        throw rejected;
      }
      if (cause instanceof Error error && !(cause instanceof StackOverflowError)) {
        throw error;
      }
      throw rejection(cause);
    }
  }

  private static Map<String, String> fileMetadata(Metadata metadata) {
    Map<String, String> out = new HashMap<>();
    put(out, "author", metadata.get(TikaCoreProperties.CREATOR));
    put(out, "created", metadata.get(TikaCoreProperties.CREATED));
    put(out, "modified", metadata.get(TikaCoreProperties.MODIFIED));
    put(out, "subject", metadata.get(TikaCoreProperties.SUBJECT));
    put(out, "description", metadata.get(TikaCoreProperties.DESCRIPTION));
    return out;
  }

  private static int firstInt(Metadata metadata, Property... properties) {
    for (Property property : properties) {
      Integer value = metadata.getInt(property);
      if (value != null && value > 0) {
        return value;
      }
    }
    return 0;
  }

  private static void put(Map<String, String> out, String key, String value) {
    if (value != null && !value.isBlank()) {
      out.put(key, value.strip());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temp file left behind is removed with the temp directory; the parse result does not depend on it
    }
  }

  /** Embedded files (pictures, OLE objects, attachments) are not knowledge of their own here and are skipped. */
  private static final class SkipEmbedded implements EmbeddedDocumentExtractor {
    @Override
    public boolean shouldParseEmbedded(Metadata metadata) {
      return false;
    }

    @Override
    public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {
      // skipped on purpose
    }
  }
}
