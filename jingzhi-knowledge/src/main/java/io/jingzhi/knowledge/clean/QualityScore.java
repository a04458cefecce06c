package io.jingzhi.knowledge.clean;

import static io.jingzhi.knowledge.clean.QualityReport.CONTROL_CHARS;
import static io.jingzhi.knowledge.clean.QualityReport.DUPLICATES;
import static io.jingzhi.knowledge.clean.QualityReport.EMPTY;
import static io.jingzhi.knowledge.clean.QualityReport.GARBLED;
import static io.jingzhi.knowledge.clean.QualityReport.HEADER_FOOTER;
import static io.jingzhi.knowledge.clean.QualityReport.INVISIBLE_CHARS;
import static io.jingzhi.knowledge.clean.QualityReport.PAGE_NUMBERS;
import static io.jingzhi.knowledge.clean.QualityReport.SHORT;
import static io.jingzhi.knowledge.clean.QualityReport.TRADITIONAL;

import io.jingzhi.knowledge.clean.QualityReport.Problem;
import io.jingzhi.knowledge.parse.ParsedDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the cleaner found into a {@link QualityReport}. The score starts at 100 and loses most for what is
 * still wrong after cleaning (garbled text: up to 60, traditional characters left: 10, a short document: 30) and
 * little for what was fixed (2 to 5 a kind); an empty document scores 0.
 */
final class QualityScore {

  /** Below this many characters a document gives retrieval little to find. */
  static final int SHORT_DOCUMENT = 50;
  /** A few traditional characters occur in simplified text (names, quotations); fewer are not reported. */
  static final int MIN_TRADITIONAL = 3;

  private QualityScore() {}

  static QualityReport report(ParsedDocument document, TextCleaner.Tally tally, CleaningOptions options) {
    int characters = document.blocks().stream().mapToInt(b -> b.text().length()).sum();
    List<Problem> problems = new ArrayList<>();
    List<String> fixed = new ArrayList<>();
    int score = 100;
    if (tally.characters.invisible > 0) {
      problems.add(new Problem(INVISIBLE_CHARS, tally.characters.invisible, tally.characters.invisible
          + " invisible characters (zero-width spaces, byte-order marks, soft hyphens) were removed.", null));
      fixed.add(INVISIBLE_CHARS);
      score -= 2;
    }
    if (tally.characters.control > 0) {
      problems.add(new Problem(CONTROL_CHARS, tally.characters.control, tally.characters.control
          + " control characters were removed.", null));
      fixed.add(CONTROL_CHARS);
      score -= 2;
    }
    score -= garbled(tally.garble, characters, problems, fixed);
    if (tally.traditional >= MIN_TRADITIONAL) {
      boolean converted = options.traditionalToSimplified();
      problems.add(new Problem(TRADITIONAL, tally.traditional, tally.traditional + " traditional Chinese characters"
          + (converted ? " were converted to simplified." : " were found."),
          converted ? null : "Enable traditional→simplified conversion for this knowledge base (its setting "
              + "cleaning.traditional_to_simplified) and reprocess the document, so that searches in simplified "
              + "Chinese find them."));
      if (converted) {
        fixed.add(TRADITIONAL);
      }
      score -= converted ? 2 : 10;
    }
    score -= removed(HEADER_FOOTER, tally.headersFooters, options.removeHeadersAndFooters(),
        " running header or footer lines", problems, fixed);
    score -= removed(PAGE_NUMBERS, tally.pageNumbers, options.removePageNumbers(), " page-number lines", problems,
        fixed);
    if (tally.duplicates > 0) {
      problems.add(new Problem(DUPLICATES, tally.duplicates, tally.duplicates
          + " paragraphs repeated an earlier one word for word and were removed.", null));
      fixed.add(DUPLICATES);
      score -= Math.min(15, 2 + tally.duplicates * 50 / Math.max(1, tally.blocksBeforeDuplicates));
    }
    if (characters == 0) {
      problems.add(new Problem(EMPTY, 1, "No text is left after cleaning.",
          "Check the file; if it is a scan, OCR is needed: the PDF has no text layer."));
      score = 0;
    } else if (characters < SHORT_DOCUMENT) {
      problems.add(new Problem(SHORT, characters, "The document has only " + characters + " characters.",
          "Retrieval will find little in it; merge it with related material or check that the whole file was "
              + "uploaded."));
      score -= 30;
    }
    return new QualityReport(Math.max(0, Math.min(100, score)), characters, problems, fixed);
  }

  private static int garbled(GarbleRules.Counts garble, int characters, List<Problem> problems, List<String> fixed) {
    int left = garble.replacement + garble.privateUse + garble.mojibakeLeft;
    if (left == 0 && garble.mojibakeRepaired == 0) {
      return 0;
    }
    if (left == 0) {
      problems.add(new Problem(GARBLED, garble.mojibakeRepaired, garble.mojibakeRepaired
          + " characters were mojibake (UTF-8 read in the wrong encoding) and were decoded again.",
          "Re-export the file as UTF-8 to be sure nothing else was lost."));
      fixed.add(GARBLED);
      return 5;
    }
    double ratio = (double) left / Math.max(1, characters);
    String detail = String.format("%d characters (%.1f%% of the text) are garbled: %d replacement characters, %d "
        + "private-use characters, %d in mojibake paragraphs.", left, ratio * 100, garble.replacement,
        garble.privateUse, garble.mojibakeLeft);
    String suggestion = garble.privateUse > garble.replacement + garble.mojibakeLeft
        ? "The file's fonts have no Unicode map (common in PDFs made from scans or with embedded fonts): OCR needed, "
            + "or export the text layer again from the original document."
        : "Re-export the file as UTF-8 from its original application and upload it again.";
    problems.add(new Problem(GARBLED, left, detail, suggestion));
    return Math.min(60, 5 + (int) Math.ceil(ratio * 300));
  }

  private static int removed(String kind, int count, boolean removedOn, String what, List<Problem> problems,
      List<String> fixed) {
    if (count == 0) {
      return 0;
    }
    problems.add(new Problem(kind, count, count + what + (removedOn ? " were removed." : " were found."),
        removedOn ? null : "Turn on their removal so that they do not end up in chunks."));
    if (removedOn) {
      fixed.add(kind);
    }
    return removedOn ? 2 : 5;
  }
}
