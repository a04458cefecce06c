package io.jingzhi.bench;

import io.jingzhi.knowledge.KnowledgeProperties;
import io.jingzhi.knowledge.clean.CleanedDocument;
import io.jingzhi.knowledge.clean.CleaningOptions;
import io.jingzhi.knowledge.clean.TextCleaner;
import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.TikaDocumentParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.springframework.util.unit.DataSize;

/**
 * Whether a 20 MB PDF parses in a small heap, and what the knowledge parser costs over plain PDFBox text extraction
 * on the same file in the same JVM. {@code generate FILE MB} writes a PDF of about that size (pages of text, each
 * with an incompressible scan-like image, like real gazettes); {@code parse FILE} runs PDFBox's text stripper (the
 * baseline) and then {@link TikaDocumentParser}, printing time and peak heap of each. Run parse with a fixed
 * {@code -Xmx} to prove the bound. Script: {@code jingzhi-bench/scripts/parse-memory.sh}.
 */
public final class LargePdfParse {

  private LargePdfParse() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    switch (args[0]) {
      case "generate" -> generate(file, Long.parseLong(args[2]) * 1024 * 1024);
      case "parse" -> parse(file);
      default -> throw new IllegalArgumentException("generate FILE MB | parse FILE");
    }
  }

  private static void generate(Path file, long targetBytes) throws IOException {
    Random random = new Random(42);
    PDType1Font font = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
    try (PDDocument doc = new PDDocument()) {
      long imageBytes = 0;
      int page = 0;
      while (imageBytes < targetBytes * 0.97) {
        page++;
        PDPage pdPage = new PDPage();
        doc.addPage(pdPage);
        BufferedImage noise = new BufferedImage(160, 160, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 160; x++) {
          for (int y = 0; y < 160; y++) {
            noise.setRGB(x, y, random.nextInt(0xFFFFFF));
          }
        }
        PDImageXObject image = LosslessFactory.createFromImage(doc, noise);
        imageBytes += image.getCOSObject().getLength();
        try (PDPageContentStream out = new PDPageContentStream(doc, pdPage)) {
          out.drawImage(image, 400, 600, 160, 160);
          for (int line = 0; line < 40; line++) {
            out.beginText();
            out.setFont(font, 10);
            out.newLineAtOffset(50, 740 - line * 17);
            out.showText("Page " + page + " line " + line + ": the applicant files the form at the service hall "
                + "and receives the permit within fifteen working days.");
            out.endText();
          }
        }
      }
      doc.save(file.toFile());
      System.out.printf("generated %s: %d pages, %.1f MB%n", file, page, Files.size(file) / 1048576.0);
    }
  }

  private static void parse(Path file) throws IOException {
    System.out.printf("file %.1f MB, max heap %d MB%n", Files.size(file) / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576);
    // warm both paths once on the same file so that class loading is not measured
    baseline(file);
    knowledge(file);
    for (int round = 1; round <= 2; round++) {
      resetPeaks();
      long start = System.nanoTime();
      int baselineChars = baseline(file);
      double baselineSeconds = (System.nanoTime() - start) / 1e9;
      long baselinePeak = peakHeapMb();
      resetPeaks();
      start = System.nanoTime();
      ParsedDocument parsed = knowledge(file);
      double seconds = (System.nanoTime() - start) / 1e9;
      long peak = peakHeapMb();
      start = System.nanoTime();
      CleanedDocument cleaned = new TextCleaner().clean(parsed, CleaningOptions.defaults());
      double cleanSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("round %d: PDFBox text stripper %.2f s, peak heap %d MB, %d chars | TikaDocumentParser "
          + "%.2f s, peak heap %d MB, %d pages, %d blocks, %d chars | time ratio %.2f | TextCleaner %.2f s, "
          + "score %d, %d blocks left%n", round, baselineSeconds, baselinePeak, baselineChars, seconds, peak,
          parsed.pageCount(), parsed.blocks().size(), parsed.text().length(), seconds / baselineSeconds,
          cleanSeconds, cleaned.report().score(), cleaned.document().blocks().size());
    }
  }

  private static int baseline(Path file) throws IOException {
    try (PDDocument doc = Loader.loadPDF(file.toFile())) {
      return new PDFTextStripper().getText(doc).length();
    }
  }

  private static ParsedDocument knowledge(Path file) throws IOException {
    TikaDocumentParser parser = new TikaDocumentParser(
        new KnowledgeProperties(DataSize.ofMegabytes(20), "bge-small-zh-v1.5"));
    try (InputStream in = Files.newInputStream(file)) {
      return parser.parse(file.getFileName().toString(), in);
    }
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks since the last reset: an upper bound of the live heap the parse needed. */
  private static long peakHeapMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / 1048576;
  }
}
