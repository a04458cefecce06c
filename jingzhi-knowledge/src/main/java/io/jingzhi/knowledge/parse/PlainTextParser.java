package io.jingzhi.knowledge.parse;

import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The plain-text formats: txt (one paragraph a line), md (CommonMark), csv (one table, header = the first
 * non-empty row, delimiter comma, semicolon or tab as the first line shows) and jsonl (see {@link JsonlTable}).
 * Each is decoded with {@link TextDecoder} first.
 */
final class PlainTextParser {

  private final TextDecoder decoder = new TextDecoder();
  private final MarkdownBlocks markdown = new MarkdownBlocks();
  private final JsonlTable jsonl = new JsonlTable();

  ParsedDocument parse(String format, byte[] bytes, int maxCharacters) {
    String text = decoder.decode(bytes);
    if (text.length() > maxCharacters) {
      throw new DocumentRejected("too_large", "The file has " + text.length() + " characters of text, more than the "
          + maxCharacters + " allowed. Split it into smaller files.");
    }
    List<Block> blocks = switch (format) {
      case "md" -> markdown.parse(text);
      case "csv" -> csv(text);
      case "jsonl" -> List.of(Block.table(jsonl.parse(text), 0));
      default -> lines(text);
    };
    String mediaType = switch (format) {
      case "md" -> "text/markdown";
      case "csv" -> "text/csv";
      case "jsonl" -> "application/jsonl";
      default -> "text/plain";
    };
    String title = format.equals("md") ? firstHeading(blocks) : null;
    return new ParsedDocument(format, mediaType, title, blocks, Map.of(), 0);
  }

  private static List<Block> lines(String text) {
    List<Block> blocks = new ArrayList<>();
    for (String line : text.split("\r\n|\r|\n")) {
      String tidy = BlockText.tidy(line);
      if (!tidy.isEmpty()) {
        blocks.add(Block.paragraph(tidy, 0));
      }
    }
    return blocks;
  }

  private static List<Block> csv(String text) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter(text)).setIgnoreSurroundingSpaces(true)
        .get();
    TableBuilder table = new TableBuilder();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      for (CSVRecord record : parser) {
        table.addRow(record.toList().stream().map(BlockText::tidy).toList(), false);
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      Throwable root = e.getCause() != null ? e.getCause() : e;
      throw new DocumentRejected("corrupt", "The CSV file cannot be read: " + root.getMessage()
          + ". Check for an unclosed quote.");
    }
    return table.isEmpty() ? List.of() : List.of(Block.table(table.build(null), 0));
  }

  /** The delimiter the first line uses most: comma, semicolon (European Excel) or tab. */
  private static char delimiter(String text) {
    int end = text.indexOf('\n');
    String first = end < 0 ? text : text.substring(0, end);
    char best = ',';
    long bestCount = first.chars().filter(c -> c == ',').count();
    for (char c : new char[] {';', '\t'}) {
      long count = first.chars().filter(ch -> ch == c).count();
      if (count > bestCount) {
        best = c;
        bestCount = count;
      }
    }
    return best;
  }

  private static String firstHeading(List<Block> blocks) {
    return blocks.stream().filter(b -> b.kind() == Block.Kind.HEADING && b.level() == 1).map(Block::text)
        .findFirst().orElse(null);
  }
}
