package io.jingzhi.knowledge.parse;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a parser made of one file: its content as ordered blocks (headings, paragraphs, list items, tables) so that
 * chunkers can keep structure — a heading path, a table with its header — and the file's own metadata.
 *
 * <p>How formats map to blocks ({@link TikaDocumentParser}): docx/doc/wps heading styles, html {@code h1}–{@code h6}
 * and md {@code #} are headings with their level; pptx and ppt slide titles are paragraphs (Tika does not mark
 * them); PDFs have paragraphs per page (no headings: bookmarks and font sizes are not used). Every sheet of an
 * xls/xlsx/et is one {@link Table} named for the sheet, on the sheet's "page" (1-based); a csv is one unnamed
 * table. A table's header is the row the file marks (html {@code th}/{@code thead}, md) or else its first non-empty
 * row. Pages are set for pdf, ofd, slides and sheets, else 0.
 *
 * <p><b>JSONL</b> ({@code format} {@code jsonl}): one {@link Block.Kind#TABLE} block whose table is named {@code jsonl}
 * with the header {@code [id, text, metadata]} and one row per input line, in order: {@code id} as text ("" when the
 * line has none; numbers as written), {@code text} as written, {@code metadata} the line's metadata object as
 * compact JSON ("" when absent). A chunker makes one chunk per row from {@code text} and puts {@code id} into the
 * chunk's {@code metadata.id}.
 *
 * @param format the file's format as the platform names it: txt, md, html, pdf, doc, docx, ppt, pptx, xls, xlsx,
 *     csv, wps, et, dps, ofd, jsonl
 * @param mediaType the detected media type
 * @param title the document's title when the file names one, else null
 * @param metadata what the file says of itself (author, created, modified, ...), plain strings
 * @param pageCount pages (or sheets, slides) when the format has them, else 0
 */
public record ParsedDocument(String format, String mediaType, String title, List<Block> blocks,
    Map<String, String> metadata, int pageCount) {

  public ParsedDocument {
    blocks = List.copyOf(blocks);
    metadata = Map.copyOf(metadata);
  }

  /** The text of every block, one block a line (a table as tab-separated rows). */
  public String text() {
    return blocks.stream().map(Block::text).collect(Collectors.joining("\n"));
  }

  /**
   * One piece of a document.
   *
   * @param level heading level (1 = top) for headings, nesting depth for list items (1 = outermost), else 0
   * @param table the table for {@link Kind#TABLE} blocks, else null; {@link #text()} is then its header and rows,
   *     one a line, cells separated by tabs
   * @param page the 1-based page (slide, sheet) the block starts on, 0 when unknown
   */
  public record Block(Kind kind, int level, String text, Table table, int page) {

    public enum Kind { HEADING, PARAGRAPH, LIST_ITEM, TABLE }

    public static Block paragraph(String text, int page) {
      return new Block(Kind.PARAGRAPH, 0, text, null, page);
    }

    public static Block heading(int level, String text, int page) {
      return new Block(Kind.HEADING, level, text, null, page);
    }

    /** A list item; {@code level} 1 is the outermost list. */
    public static Block listItem(int level, String text, int page) {
      return new Block(Kind.LIST_ITEM, level, text, null, page);
    }

    /** A table block; its text is the header and the rows, one a line, cells separated by tabs. */
    public static Block table(Table table, int page) {
      return new Block(Kind.TABLE, 0, TableBuilder.text(table), table, page);
    }
  }

  /**
   * A table as the file has it.
   *
   * @param name the sheet or caption, null when none
   * @param header the column names (the first row when the file marks none)
   */
  public record Table(String name, List<String> header, List<List<String>> rows) {

    public Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }
}
