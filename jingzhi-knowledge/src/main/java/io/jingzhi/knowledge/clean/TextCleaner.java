package io.jingzhi.knowledge.clean;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * Cleans a parsed document before chunking and says how good it is: removes invisible and control characters,
 * NFKC-normalises, repairs mojibake, optionally converts traditional to simplified Chinese (opencc4j), removes page
 * numbers, running headers and footers and repeated paragraphs, and scores the result in a {@link QualityReport}.
 * Structure (kinds, levels, pages, tables) is kept; a block left empty is dropped.
 */
@Component
public class TextCleaner {

  /** Paragraphs shorter than this may repeat legitimately ("是", "无"); only longer ones count as duplicates. */
  private static final int MIN_DUPLICATE_LENGTH = 10;

  public CleanedDocument clean(ParsedDocument document, CleaningOptions options) {
    Tally tally = new Tally();
    List<Block> blocks = new ArrayList<>(document.blocks().size());
    for (Block block : document.blocks()) {
      Block cleaned = cleanBlock(block, options, tally);
      if (cleaned != null) {
        blocks.add(cleaned);
      }
    }
    blocks = removeFurniture(blocks, options, tally);
    if (options.removeDuplicates()) {
      blocks = removeDuplicates(blocks, tally);
    }
    ParsedDocument cleaned = new ParsedDocument(document.format(), document.mediaType(),
        document.title() == null ? null : cleanText(document.title(), options, new Tally()), blocks,
        document.metadata(), document.pageCount());
    return new CleanedDocument(cleaned, QualityScore.report(cleaned, tally, options));
  }

  private Block cleanBlock(Block block, CleaningOptions options, Tally tally) {
    if (block.table() != null) {
      Table table = cleanTable(block.table(), text -> cleanText(text, options, tally));
      return Block.table(table, block.page());
    }
    String text = cleanText(block.text(), options, tally).strip();
    return text.isEmpty() ? null : new Block(block.kind(), block.level(), text, null, block.page());
  }

  private static Table cleanTable(Table table, UnaryOperator<String> clean) {
    // the id and metadata columns of JSONL records are data, not prose: cleaning could change an id
    boolean jsonl = "jsonl".equals(table.name());
    List<String> header = table.header().stream().map(jsonl ? UnaryOperator.identity() : clean).toList();
    List<List<String>> rows = new ArrayList<>(table.rows().size());
    for (List<String> row : table.rows()) {
      List<String> cells = new ArrayList<>(row.size());
      for (int c = 0; c < row.size(); c++) {
        boolean data = jsonl && c < header.size() && !header.get(c).equals("text");
        cells.add(data ? row.get(c) : clean.apply(row.get(c)).strip());
      }
      rows.add(cells);
    }
    return new Table(table.name(), header, rows);
  }

  private String cleanText(String text, CleaningOptions options, Tally tally) {
    String cleaned = CharacterRules.clean(text, tally.characters);
    cleaned = GarbleRules.check(cleaned, options.repairMojibake(), tally.garble);
    return traditional(cleaned, options, tally);
  }

  private static String traditional(String text, CleaningOptions options, Tally tally) {
    if (!ZhConverterUtil.containsTraditional(text)) {
      return text;
    }
    String simplified = ZhConverterUtil.toSimple(text);
    int changed = 0;
    for (int i = 0; i < Math.min(text.length(), simplified.length()); i++) {
      if (text.charAt(i) != simplified.charAt(i)) {
        changed++;
      }
    }
    tally.traditional += changed;
    return options.traditionalToSimplified() ? simplified : text;
  }

  private static List<Block> removeFurniture(List<Block> blocks, CleaningOptions options, Tally tally) {
    PageFurniture.Found found = PageFurniture.find(blocks);
    tally.pageNumbers = found.pageNumbers().size();
    tally.headersFooters = found.headersFooters().size();
    List<Block> kept = new ArrayList<>(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      boolean drop = (options.removePageNumbers() && found.pageNumbers().contains(i))
          || (options.removeHeadersAndFooters() && found.headersFooters().contains(i));
      if (!drop) {
        kept.add(blocks.get(i));
      }
    }
    return kept;
  }

  private static List<Block> removeDuplicates(List<Block> blocks, Tally tally) {
    Set<String> seen = new HashSet<>();
    List<Block> kept = new ArrayList<>(blocks.size());
    for (Block block : blocks) {
      boolean prose = block.kind() == Block.Kind.PARAGRAPH || block.kind() == Block.Kind.LIST_ITEM;
      String key = block.text().replaceAll("\\s+", "");
      if (prose && key.length() >= MIN_DUPLICATE_LENGTH && !seen.add(key)) {
        tally.duplicates++;
      } else {
        kept.add(block);
      }
    }
    tally.blocksBeforeDuplicates = blocks.size();
    return kept;
  }

  /** What the rules found in one document. */
  static final class Tally {
    final CharacterRules.Counts characters = new CharacterRules.Counts();
    final GarbleRules.Counts garble = new GarbleRules.Counts();
    int traditional;
    int pageNumbers;
    int headersFooters;
    int duplicates;
    int blocksBeforeDuplicates;
  }
}
