package io.jingzhi.knowledge.parse;

import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import java.util.ArrayList;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns the XHTML that Tika's parsers emit into {@link Block}s: {@code h1}–{@code h6} become headings (Tika maps
 * docx heading styles and pptx titles to them), {@code p} paragraphs (a docx "List Paragraph" style a list item),
 * {@code li} list items with their nesting depth, {@code table} a {@link ParsedDocument.Table}. A {@code div} of
 * class {@code page} (PDF pages, xls sheets), {@code sheet} (xlsx sheets) or {@code slide-content} (slides) starts
 * the next page.
 */
final class XhtmlBlockHandler extends DefaultHandler {

  /** Thrown out of the SAX stream when a file yields more text than the limit allows. */
  static final class TooMuchText extends SAXException {
    TooMuchText(int limit) {
      super("more than " + limit + " characters of text");
    }
  }

  private final int maxCharacters;
  private final boolean sheetTables;
  private final List<Block> blocks = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();
  private int characters;
  private int page;
  private int pageMarkers;
  private int listDepth;
  private int skipDepth;
  private Block.Kind kind;
  private int level;
  private String lastHeadingOnPage;
  // table state; nested tables are flattened into the cell of the outer one
  private int tableDepth;
  private TableBuilder table;
  private List<String> row;
  private boolean rowIsHeader;
  private boolean inHead;
  private StringBuilder cell;

  /**
   * @param sheetTables true for spreadsheets: each table is named for its sheet (the heading Tika puts above it)
   */
  XhtmlBlockHandler(int maxCharacters, boolean sheetTables) {
    this.maxCharacters = maxCharacters;
    this.sheetTables = sheetTables;
  }

  List<Block> blocks() {
    flush();
    return blocks;
  }

  /** Pages, slides or sheets seen, 0 when the format has none. */
  int pages() {
    return pageMarkers;
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts) {
    String name = localName.isEmpty() ? qName : localName;
    if (skipDepth > 0 || name.equals("script") || name.equals("style") || name.equals("title")) {
      skipDepth++;
      return;
    }
    String cls = atts.getValue("class");
    switch (name) {
      case "div" -> {
        if ("page".equals(cls) || "sheet".equals(cls) || "slide-content".equals(cls)) {
          flush();
          pageMarkers++;
          page = pageMarkers;
          lastHeadingOnPage = null;
        }
      }
      case "h1", "h2", "h3", "h4", "h5", "h6" -> open(Block.Kind.HEADING, name.charAt(1) - '0');
      case "p" -> {
        if (cls != null && cls.toLowerCase().contains("list")) {
          open(Block.Kind.LIST_ITEM, Math.max(1, listDepth));
        } else if (listDepth == 0 || kind == null) {
          open(Block.Kind.PARAGRAPH, 0);
        }
      }
      case "ul", "ol" -> listDepth++;
      case "li" -> open(Block.Kind.LIST_ITEM, Math.max(1, listDepth));
      case "br" -> append("\n");
      case "table" -> startTable();
      case "thead" -> inHead = true;
      case "tr" -> {
        if (tableDepth == 1) {
          row = new ArrayList<>();
          rowIsHeader = inHead;
        }
      }
      case "td", "th" -> {
        if (tableDepth == 1) {
          cell = new StringBuilder();
          rowIsHeader &= name.equals("th") || inHead;
        } else if (cell != null) {
          cell.append(' ');
        }
      }
      default -> { }
    }
  }

  @Override
  public void endElement(String uri, String localName, String qName) {
    String name = localName.isEmpty() ? qName : localName;
    if (skipDepth > 0) {
      skipDepth--;
      return;
    }
    switch (name) {
      case "h1", "h2", "h3", "h4", "h5", "h6", "li" -> flush();
      case "p" -> {
        if (tableDepth == 0 && (listDepth == 0 || kind != Block.Kind.LIST_ITEM)) {
          flush();
        } else if (cell != null) {
          cell.append('\n');
        }
      }
      case "ul", "ol" -> listDepth = Math.max(0, listDepth - 1);
      case "thead" -> inHead = false;
      case "td", "th" -> {
        if (tableDepth == 1 && row != null && cell != null) {
          row.add(BlockText.tidy(cell));
          cell = null;
        }
      }
      case "tr" -> {
        if (tableDepth == 1 && row != null) {
          table.addRow(row, rowIsHeader && !row.isEmpty());
          row = null;
        }
      }
      case "table" -> endTable();
      default -> { }
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    if (skipDepth > 0) {
      return;
    }
    characters += length;
    if (characters > maxCharacters) {
      throw new TooMuchText(maxCharacters);
    }
    if (tableDepth > 0) {
      if (cell != null) {
        cell.append(ch, start, length);
      }
      return;
    }
    text.append(ch, start, length);
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) {
    if (tableDepth == 0 && skipDepth == 0) {
      text.append(' ');
    }
  }

  private void append(String s) {
    if (cell != null) {
      cell.append(s);
    } else if (tableDepth == 0) {
      text.append(s);
    }
  }

  private void open(Block.Kind newKind, int newLevel) {
    if (tableDepth > 0) {
      return;
    }
    flush();
    kind = newKind;
    level = newLevel;
  }

  /** Ends the open block; text outside any block element becomes a paragraph of its own. */
  private void flush() {
    String tidy = BlockText.tidy(text);
    text.setLength(0);
    if (!tidy.isEmpty()) {
      Block.Kind k = kind != null ? kind : Block.Kind.PARAGRAPH;
      blocks.add(new Block(k, k == Block.Kind.PARAGRAPH ? 0 : level, tidy, null, page));
      if (k == Block.Kind.HEADING) {
        lastHeadingOnPage = tidy;
      }
    }
    kind = null;
    level = 0;
  }

  private void startTable() {
    tableDepth++;
    if (tableDepth == 1) {
      flush();
      table = new TableBuilder();
    }
  }

  private void endTable() {
    tableDepth--;
    if (tableDepth == 0) {
      if (!table.isEmpty()) {
        ParsedDocument.Table built = table.build(sheetTables ? lastHeadingOnPage : null);
        blocks.add(Block.table(built, page));
      }
      table = null;
      inHead = false;
    }
  }
}
