package io.jingzhi.guard.answer;

import io.jingzhi.common.error.ApiException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV of canned answers: {@code question,answer,risk_types,group,enabled}; risk types separated by {@code ;}.
 * Exported with a UTF-8 byte-order mark so Excel shows Chinese correctly; imported with or without it.
 */
final class AnswerCsv {

  static final List<String> HEADER = List.of("question", "answer", "risk_types", "group", "enabled");

  private AnswerCsv() {}

  static String write(List<CannedAnswer> answers) {
    StringWriter out = new StringWriter();
    out.write('\uFEFF');
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
        .setHeader(HEADER.toArray(String[]::new)).get())) {
      for (CannedAnswer a : answers) {
        printer.printRecord(a.question(), a.answer(), String.join(";", a.riskTypes()),
            a.group() == null ? "" : a.group(), a.enabled());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Parses every row; a malformed file or row answers 400 naming the line. */
  static List<AnswerSpec> read(Reader reader) {
    List<AnswerSpec> rows = new ArrayList<>();
    try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreEmptyLines(true).setTrim(true).get().parse(reader)) {
      List<String> header = parser.getHeaderNames().stream()
          .map(h -> h.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT)).toList();
      if (!header.contains("question") || !header.contains("answer")) {
        throw ApiException.invalid("file", "the first line must name the columns, at least question and answer "
            + "(columns: " + String.join(",", HEADER) + ")");
      }
      for (String h : header) {
        if (!HEADER.contains(h)) {
          throw ApiException.invalid("file", "unknown column '" + h + "'; columns are " + String.join(",", HEADER));
        }
      }
      for (CSVRecord r : parser) {
        if (rows.size() >= AnswerService.MAX_IMPORT_ROWS) {
          throw ApiException.invalid("file", "at most " + AnswerService.MAX_IMPORT_ROWS + " rows per import");
        }
        rows.add(row(r, header));
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw ApiException.badRequest("guard_answer.bad_csv", "The file is not valid CSV: " + e.getMessage());
    }
    return rows;
  }

  private static AnswerSpec row(CSVRecord r, List<String> header) {
    String question = get(r, header, "question");
    String answer = get(r, header, "answer");
    String types = get(r, header, "risk_types");
    String group = get(r, header, "group");
    String enabled = get(r, header, "enabled");
    Boolean on = null;
    if (enabled != null && !enabled.isBlank()) {
      if (!Set.of("true", "false", "1", "0", "yes", "no").contains(enabled.toLowerCase(Locale.ROOT))) {
        throw ApiException.invalid("rows[" + (r.getRecordNumber() + 1) + "].enabled", "must be true or false");
      }
      on = Set.of("true", "1", "yes").contains(enabled.toLowerCase(Locale.ROOT));
    }
    List<String> riskTypes = types == null || types.isBlank() ? List.of()
        : Arrays.stream(types.split("[;,；，]")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    return new AnswerSpec(null, question, answer, riskTypes, group == null || group.isBlank() ? null : group, on);
  }

  private static String get(CSVRecord r, List<String> header, String column) {
    int i = header.indexOf(column);
    return i < 0 || i >= r.size() ? null : r.get(i);
  }
}
