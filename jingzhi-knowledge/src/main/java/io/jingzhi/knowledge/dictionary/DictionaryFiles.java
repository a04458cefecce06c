package io.jingzhi.knowledge.dictionary;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.springframework.http.HttpStatus;

/**
 * Dictionary files, CSV (UTF-8, with or without a byte-order mark) or XLSX, with the columns {@code term, kind,
 * targets}; targets are separated by {@code |}. A bad row rejects the whole file, naming the row (1-based, the
 * header being row 1): half a dictionary would change searches in ways nobody asked for.
 */
public final class DictionaryFiles {

  static final String[] HEADER = {"term", "kind", "targets"};
  static final int MAX_ROWS = 50_000;
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

  private DictionaryFiles() {}

  /** Reads a file, telling XLSX from CSV by its content (a ZIP container) rather than its name. */
  public static List<EntrySpec> read(byte[] content) {
    if (content.length >= 4 && Arrays.equals(Arrays.copyOf(content, 4), ZIP_MAGIC)) {
      return readXlsx(new java.io.ByteArrayInputStream(content));
    }
    return readCsv(content);
  }

  static List<EntrySpec> readCsv(byte[] content) {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<String[]> rows = new ArrayList<>();
    try (var reader = new InputStreamReader(new java.io.ByteArrayInputStream(content), decoder)) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get().parse(reader)) {
        String[] cells = new String[r.size()];
        for (int i = 0; i < cells.length; i++) {
          cells[i] = r.get(i);
        }
        rows.add(cells);
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof CharacterCodingException) {
          throw bad("the file is neither UTF-8 CSV nor XLSX (save the CSV as UTF-8)");
        }
      }
      throw bad("the file is not valid CSV: " + e.getMessage());
    }
    return entries(rows);
  }

  static List<EntrySpec> readXlsx(InputStream in) {
    List<String[]> rows = new ArrayList<>();
    try (ReadableWorkbook wb = new ReadableWorkbook(in)) {
      for (Row r : wb.getFirstSheet().read()) {
        String[] cells = new String[HEADER.length];
        for (int i = 0; i < cells.length; i++) {
          cells[i] = r.getCellAsString(i).map(String::strip).orElse("");
        }
        rows.add(cells);
      }
    } catch (IOException | RuntimeException e) {
      throw bad("the file is not a readable XLSX workbook: " + e.getMessage());
    }
    return entries(rows);
  }

  private static List<EntrySpec> entries(List<String[]> rows) {
    if (rows.isEmpty()) {
      throw bad("the file is empty; the first row must name the columns term, kind, targets");
    }
    List<String> header = Arrays.stream(rows.getFirst()).map(h -> h.replace("\uFEFF", "").strip()
        .toLowerCase(Locale.ROOT)).toList();
    int term = header.indexOf("term");
    int kind = header.indexOf("kind");
    int targets = header.indexOf("targets");
    if (term < 0) {
      throw bad("the first row must name the columns term, kind, targets");
    }
    if (rows.size() - 1 > MAX_ROWS) {
      throw bad("at most " + MAX_ROWS + " rows per file");
    }
    List<EntrySpec> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < rows.size(); i++) {
      String[] r = rows.get(i);
      if (Arrays.stream(r).allMatch(c -> c == null || c.isBlank())) {
        continue;
      }
      int rowNumber = i + 1;
      String t = cell(r, targets);
      EntrySpec spec = new EntrySpec(cell(r, term), cell(r, kind),
          t.isBlank() ? List.of() : Arrays.asList(t.split("[|｜]")));
      EntrySpec valid;
      try {
        valid = spec.validated("");
      } catch (ApiException e) {
        throw badRow(rowNumber, e.getMessage());
      }
      if (!seen.add(valid.kind() + "\u0000" + valid.term())) {
        throw badRow(rowNumber, "the " + valid.kind() + " '" + valid.term() + "' appears twice in the file");
      }
      out.add(valid);
    }
    return out;
  }

  private static String cell(String[] row, int index) {
    return index < 0 || index >= row.length || row[index] == null ? "" : row[index];
  }

  public static String writeCsv(List<DictionaryEntry> entries) {
    StringWriter out = new StringWriter();
    out.write('\uFEFF');
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
      for (DictionaryEntry e : entries) {
        printer.printRecord(e.term(), e.kind(), String.join("|", e.targets()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static byte[] writeXlsx(List<DictionaryEntry> entries) {
    var out = new ByteArrayOutputStream();
    try (Workbook wb = new Workbook(out, "jingzhi-knowledge", "1.0")) {
      Worksheet ws = wb.newWorksheet("dictionary");
      for (int i = 0; i < HEADER.length; i++) {
        ws.value(0, i, HEADER[i]);
      }
      for (int r = 0; r < entries.size(); r++) {
        DictionaryEntry e = entries.get(r);
        ws.value(r + 1, 0, e.term());
        ws.value(r + 1, 1, e.kind());
        ws.value(r + 1, 2, String.join("|", e.targets()));
      }
      ws.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static ApiException bad(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, "dictionary.bad_file", detail);
  }

  private static ApiException badRow(int row, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, "dictionary.bad_row", "row " + row + ": " + message
        + " (nothing was imported)", List.of(new FieldError("rows[" + row + "]", message)));
  }
}
