package io.jingzhi.guard.engine.lexicon;

import io.jingzhi.guard.engine.GuardException;
import io.jingzhi.guard.engine.RiskLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/**
 * Import and export of keyword banks as CSV (UTF-8) and XLSX with the columns {@code term, risk_type, level,
 * requires, kind, note}: {@code requires} lists context words separated by '|', {@code kind} is {@code term},
 * {@code whitelist} or {@code protective}. A bad row fails the whole import with its row number: half a bank is worse than none.
 */
public final class LexiconIo {

  /** Longest term accepted: a bank holds words and phrases, not passages. */
  public static final int MAX_TERM_CHARS = 200;
  static final int MAX_NOTE_CHARS = 500;
  static final int MAX_REQUIRES_CHARS = 1000;
  static final String[] HEADER = {"term", "risk_type", "level", "requires", "kind", "note"};
  private static final CSVFormat READ = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
      .setIgnoreEmptyLines(true).setTrim(true).setCommentMarker('#').get();
  private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder().setHeader(HEADER).get();

  private LexiconIo() {}

  public static List<LexiconEntry> readCsv(Reader reader) {
    List<LexiconEntry> out = new ArrayList<>();
    try {
      var parser = READ.parse(reader);
      if (!parser.getHeaderMap().containsKey("term")) {
        throw new GuardException("the first line must be the header " + String.join(",", HEADER) + " (found: "
            + String.join(",", parser.getHeaderNames()) + ")");
      }
      for (CSVRecord r : parser) {
        out.add(entry(r.getRecordNumber() + 1, r.isMapped("term") ? r.get("term") : null, get(r, "risk_type"),
            get(r, "level"), get(r, "requires"), get(r, "kind"), get(r, "note")));
      }
    } catch (IOException | IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new GuardException("cannot read lexicon CSV: " + e.getMessage(), e);
    }
    return out;
  }

  public static void writeCsv(List<LexiconEntry> entries, Writer writer) {
    try (CSVPrinter printer = new CSVPrinter(writer, WRITE)) {
      for (LexiconEntry e : entries) {
        printer.printRecord((Object[]) row(e));
      }
    } catch (IOException e) {
      throw new GuardException("cannot write lexicon CSV", e);
    }
  }

  public static List<LexiconEntry> readXlsx(InputStream in) {
    List<LexiconEntry> out = new ArrayList<>();
    try (ReadableWorkbook wb = new ReadableWorkbook(in)) {
      List<Row> rows = wb.getFirstSheet().read();
      for (Row r : rows.subList(Math.min(1, rows.size()), rows.size())) {
        String[] c = new String[HEADER.length];
        for (int i = 0; i < c.length; i++) {
          c[i] = r.getCellAsString(i).map(String::trim).orElse("");
        }
        if (Arrays.stream(c).allMatch(String::isEmpty)) {
          continue;
        }
        out.add(entry(r.getRowNum(), c[0], c[1], c[2], c[3], c[4], c[5]));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof GuardException g) {
        throw g;
      }
      throw new GuardException("cannot read lexicon XLSX: " + e.getMessage(), e);
    }
    return out;
  }

  public static void writeXlsx(List<LexiconEntry> entries, OutputStream out) {
    try (Workbook wb = new Workbook(out, "jingzhi-guard", "1.0")) {
      Worksheet ws = wb.newWorksheet("lexicon");
      for (int i = 0; i < HEADER.length; i++) {
        ws.value(0, i, HEADER[i]);
      }
      for (int r = 0; r < entries.size(); r++) {
        String[] row = row(entries.get(r));
        for (int i = 0; i < row.length; i++) {
          ws.value(r + 1, i, row[i]);
        }
      }
      ws.finish();
    } catch (IOException e) {
      throw new GuardException("cannot write lexicon XLSX", e);
    }
  }

  private static String get(CSVRecord r, String column) {
    return r.isMapped(column) && r.isSet(column) ? r.get(column) : "";
  }

  private static String[] row(LexiconEntry e) {
    boolean term = e.kind() == LexiconEntry.Kind.TERM;
    return new String[] {e.term(), term ? e.riskType().code() : "",
        term ? e.level().name().toLowerCase(Locale.ROOT) : "", String.join("|", e.requires()),
        e.kind().name().toLowerCase(Locale.ROOT), e.note()};
  }

  static LexiconEntry entry(long row, String term, String type, String level, String requires, String kind,
      String note) {
    try {
      return parse(row, term, type, level, requires, kind, note);
    } catch (IllegalArgumentException e) { // the entry's own checks (a misplaced proximity marker …)
      throw new GuardException("lexicon row " + row + ": " + e.getMessage(), e);
    }
  }

  private static LexiconEntry parse(long row, String term, String type, String level, String requires, String kind,
      String note) {
    if (term == null || term.isBlank()) {
      throw new GuardException("lexicon row " + row + ": empty term");
    }
    if (term.strip().length() > MAX_TERM_CHARS) {
      throw new GuardException("lexicon row " + row + ": term longer than " + MAX_TERM_CHARS + " characters");
    }
    if (Lexicon.key(term).isEmpty()) {
      throw new GuardException("lexicon row " + row + ": term '" + term + "' has nothing left to match once"
          + " spacing and punctuation are removed");
    }
    if (note != null && note.length() > MAX_NOTE_CHARS || requires != null && requires.length() > MAX_REQUIRES_CHARS) {
      throw new GuardException("lexicon row " + row + ": note longer than " + MAX_NOTE_CHARS
          + " or context words longer than " + MAX_REQUIRES_CHARS + " characters");
    }
    List<String> context = requires == null || requires.isBlank() ? List.of()
        : Arrays.stream(requires.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if ("whitelist".equalsIgnoreCase(kind)) {
      return new LexiconEntry(term, null, null, List.of(), LexiconEntry.Kind.WHITELIST, note);
    }
    if ("protective".equalsIgnoreCase(kind)) {
      return new LexiconEntry(term, null, null, List.of(), LexiconEntry.Kind.PROTECTIVE, note);
    }
    if (kind != null && !kind.isBlank() && !"term".equalsIgnoreCase(kind)) {
      throw new GuardException("lexicon row " + row + ": kind must be term, whitelist or protective, not '"
          + kind + "'");
    }
    RiskType riskType = RiskType.byCode(type)
        .orElseThrow(() -> new GuardException("lexicon row " + row + ": unknown risk type '" + type + "'"));
    RiskLevel riskLevel;
    try {
      riskLevel = level == null || level.isBlank() ? RiskLevel.HIGH : RiskLevel.valueOf(level.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new GuardException("lexicon row " + row + ": unknown level '" + level + "'");
    }
    if (riskLevel == RiskLevel.NONE) {
      throw new GuardException("lexicon row " + row + ": level none makes the term useless");
    }
    return new LexiconEntry(term, riskType, riskLevel, context, LexiconEntry.Kind.TERM, note);
  }
}
