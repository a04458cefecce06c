package io.jingzhi.knowledge.parse;

import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/** Markdown to blocks with CommonMark (and GFM tables): # headings, list items with depth, tables, paragraphs. */
final class MarkdownBlocks {

  private final Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();

  List<Block> parse(String markdown) {
    List<Block> blocks = new ArrayList<>();
    for (Node node = parser.parse(markdown).getFirstChild(); node != null; node = node.getNext()) {
      add(node, 0, blocks);
    }
    return blocks;
  }

  private void add(Node node, int listDepth, List<Block> blocks) {
    switch (node) {
      case Heading h -> addText(Block.heading(h.getLevel(), BlockText.tidy(inline(h)), 0), blocks);
      case Paragraph p -> addText(listDepth > 0 ? Block.listItem(listDepth, BlockText.tidy(inline(p)), 0)
          : Block.paragraph(BlockText.tidy(inline(p)), 0), blocks);
      case ListBlock list -> {
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
          add(item, listDepth + 1, blocks);
        }
      }
      case ListItem item -> {
        for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
          add(child, listDepth, blocks);
        }
      }
      case BlockQuote quote -> {
        for (Node child = quote.getFirstChild(); child != null; child = child.getNext()) {
          add(child, listDepth, blocks);
        }
      }
      case FencedCodeBlock code -> addText(Block.paragraph(code.getLiteral().strip(), 0), blocks);
      case IndentedCodeBlock code -> addText(Block.paragraph(code.getLiteral().strip(), 0), blocks);
      case HtmlBlock html -> addText(Block.paragraph(html.getLiteral().replaceAll("<[^>]+>", " ").strip(), 0), blocks);
      case TableBlock table -> addTable(table, blocks);
      default -> { }
    }
  }

  private static void addText(Block block, List<Block> blocks) {
    if (!block.text().isBlank()) {
      blocks.add(block);
    }
  }

  private static void addTable(TableBlock node, List<Block> blocks) {
    TableBuilder table = new TableBuilder();
    for (Node section = node.getFirstChild(); section != null; section = section.getNext()) {
      boolean head = section instanceof TableHead;
      for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
        if (row instanceof TableRow) {
          List<String> cells = new ArrayList<>();
          for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
            if (cell instanceof TableCell) {
              cells.add(BlockText.tidy(inline(cell)));
            }
          }
          table.addRow(cells, head);
        }
      }
    }
    if (!table.isEmpty()) {
      blocks.add(Block.table(table.build(null), 0));
    }
  }

  /** The plain text of a node's inline content: text and code spans, line breaks kept as breaks. */
  private static String inline(Node node) {
    StringBuilder out = new StringBuilder();
    collect(node, out);
    return out.toString();
  }

  private static void collect(Node node, StringBuilder out) {
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      switch (child) {
        case Text t -> out.append(t.getLiteral());
        case Code c -> out.append(c.getLiteral());
        case SoftLineBreak b -> out.append('\n');
        case HardLineBreak b -> out.append('\n');
        default -> collect(child, out);
      }
    }
  }
}
