package io.jingzhi.agent.intervention;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.springframework.http.HttpStatus;

/**
 * Files of curated pairs, CSV (UTF-8, with or without a byte-order mark) or XLSX (first sheet), told apart by
 * content; the first row names the columns {@code question, answer} (or 问题, 答案). A bad row rejects the whole
 * file, naming the row (1-based, the header being row 1), so nothing is half imported.
 */
final class QaFiles {

  static final int MAX_ROWS = 10_000;
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

  private QaFiles() {}

  static List<Specs.QaSpec> read(byte[] content) {
    List<String[]> rows = content.length >= 4 && Arrays.equals(Arrays.copyOf(content, 4), ZIP_MAGIC)
        ? xlsx(content) : csv(content);
    if (rows.isEmpty()) {
      throw bad("the file is empty; the first row must name the columns question, answer");
    }
    List<String> header = Arrays.stream(rows.getFirst()).map(h -> h == null ? "" : h.replace("\uFEFF", "")
        .strip().toLowerCase(Locale.ROOT)).toList();
    int question = column(header, "question", "问题");
    int answer = column(header, "answer", "答案");
    if (question < 0 || answer < 0) {
      throw bad("the first row must name the columns question and answer (or 问题 and 答案)");
    }
    if (rows.size() - 1 > MAX_ROWS) {
      throw bad("at most " + MAX_ROWS + " rows per file");
    }
    List<Specs.QaSpec> out = new ArrayList<>();
    for (int i = 1; i < rows.size(); i++) {
      String[] r = rows.get(i);
      if (Arrays.stream(r).allMatch(c -> c == null || c.isBlank())) {
        continue;
      }
      try {
        out.add(new Specs.QaSpec(cell(r, question), cell(r, answer), true).validated(""));
      } catch (ApiException e) {
        String field = e.fieldErrors().isEmpty() ? "" : e.fieldErrors().getFirst().field() + ": ";
        String message = e.fieldErrors().isEmpty() ? e.getMessage() : e.fieldErrors().getFirst().message();
        throw new AgentException(HttpStatus.BAD_REQUEST, "intervention.bad_row", "row " + (i + 1) + ": " + field
            + message + " (nothing was imported)", List.of(new FieldError("rows[" + (i + 1) + "]", field + message)));
      }
    }
    return out;
  }

  private static int column(List<String> header, String english, String chinese) {
    int i = header.indexOf(english);
    return i >= 0 ? i : header.indexOf(chinese);
  }

  private static String cell(String[] row, int index) {
    return index < row.length ? row[index] : null;
  }

  private static List<String[]> csv(byte[] content) {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<String[]> rows = new ArrayList<>();
    try (var reader = new InputStreamReader(new ByteArrayInputStream(content), decoder)) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get().parse(reader)) {
        rows.add(r.values());
        if (rows.size() > MAX_ROWS + 1) {
          throw bad("at most " + MAX_ROWS + " rows per file");
        }
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof CharacterCodingException) {
          throw bad("the file is neither UTF-8 CSV nor XLSX (save the CSV as UTF-8)");
        }
      }
      throw bad("the file is not valid CSV: " + e.getMessage());
    }
    return rows;
  }

  private static List<String[]> xlsx(byte[] content) {
    List<String[]> rows = new ArrayList<>();
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(content))) {
      for (Row r : (Iterable<Row>) wb.getFirstSheet().openStream()::iterator) {
        String[] cells = new String[Math.max(2, r.getCellCount())];
        for (int i = 0; i < cells.length; i++) {
          cells[i] = r.getCellAsString(i).orElse("");
        }
        rows.add(cells);
        if (rows.size() > MAX_ROWS + 1) {
          throw bad("at most " + MAX_ROWS + " rows per file");
        }
      }
    } catch (ApiException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw bad("the file is not a readable XLSX workbook: " + e.getMessage());
    }
    return rows;
  }

  private static AgentException bad(String detail) {
    return new AgentException(HttpStatus.BAD_REQUEST, "intervention.bad_file", detail);
  }
}
