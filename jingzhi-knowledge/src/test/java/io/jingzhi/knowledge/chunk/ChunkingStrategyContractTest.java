package io.jingzhi.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every chunking strategy promises, whatever its structure: chunks non-blank and trimmed, no searchable chunk
 * over {@code max_chars}, ordinals dense from 0, nothing of the document lost, parents (small-to-big) that hold
 * their children. Each strategy's test extends it with a realistic document of its kind.
 */
abstract class ChunkingStrategyContractTest {

  abstract ChunkingStrategy strategy();

  /** A document of the strategy's kind. */
  abstract ParsedDocument sample();

  /** Whether every table cell of the sample must reappear in a chunk's text or metadata. */
  boolean keepsTableCells() {
    return true;
  }

  /** A sentence of the sample as the strategy keeps it, when it drops marks on purpose (label numbering). */
  String expectedForm(String sentence) {
    return sentence;
  }

  /** The maximum the sample's chunks stay under; JSONL records are taken as they are. */
  boolean respectsMaxChars() {
    return true;
  }

  static ChunkingSettings settings(int maxChars, int overlap, int parentChars) {
    return new ChunkingSettings("auto", maxChars, overlap, parentChars, Map.of());
  }

  List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings) {
    return strategy().chunk(document, settings);
  }

  @Test
  void chunksAreTrimmedNonBlankAndNumberedDenselyFromZero() {
    for (int max : new int[] {60, 120, 500, 2000}) {
      List<Chunk> chunks = chunk(sample(), settings(max, max / 5, 0));
      assertThat(chunks).as("max %d", max).isNotEmpty();
      for (int i = 0; i < chunks.size(); i++) {
        Chunk c = chunks.get(i);
        assertThat(c.ordinal()).isEqualTo(i);
        assertThat(c.text()).isNotBlank().isEqualTo(c.text().strip());
        assertThat(c.parent()).isEqualTo(-1);
        assertThat(c.searchable()).isTrue();
        assertThat(c.metadata().values()).allSatisfy(v -> assertThat(v).isNotNull());
        if (c.matchText() != null) {
          assertThat(c.matchText()).isNotBlank();
        }
      }
    }
  }

  @Test
  void noSearchableChunkIsOverMaxChars() {
    if (!respectsMaxChars()) {
      return;
    }
    for (int max : new int[] {50, 60, 80, 120, 300, 500}) {
      for (Chunk c : chunk(sample(), settings(max, max / 4, 0))) {
        assertThat(c.text().length()).as("max %d: %s", max, c.text()).isLessThanOrEqualTo(max);
      }
    }
  }

  @Test
  void nothingOfTheDocumentIsLost() {
    for (int max : new int[] {80, 500, 8000}) {
      List<Chunk> chunks = chunk(sample(), settings(max, 0, 0));
      StringBuilder haystack = new StringBuilder();
      for (Chunk c : chunks) {
        haystack.append(letters(c.text()));
        haystack.append('|').append(c.matchText() == null ? "" : letters(c.matchText()));
        c.headingPath().forEach(h -> haystack.append('|').append(letters(h)));
        c.metadata().values().forEach(v -> haystack.append('|').append(letters(v)));
        haystack.append('|');
      }
      for (String needle : needles(sample())) {
        assertThat(keptInPieces(haystack.toString(), letters(expectedForm(needle)))).as("max %d keeps %s", max, needle).isTrue();
      }
    }
  }

  @Test
  void parentsHoldTheirChildrenAndComeAfterThem() {
    ChunkingSettings settings = settings(80, 10, 300);
    List<Chunk> chunks = chunk(sample(), settings);
    List<Chunk> children = chunks.stream().filter(Chunk::searchable).toList();
    List<Chunk> parents = chunks.stream().filter(c -> !c.searchable()).toList();
    assertThat(children).isNotEmpty();
    assertThat(parents).isNotEmpty().hasSizeLessThanOrEqualTo(children.size());
    for (int i = 0; i < chunks.size(); i++) {
      assertThat(chunks.get(i).ordinal()).isEqualTo(i);
      assertThat(chunks.get(i).searchable()).as("children first, then parents").isEqualTo(i < children.size());
    }
    for (Chunk parent : parents) {
      assertThat(parent.parent()).isEqualTo(-1);
      assertThat(parent.matchText()).isNull();
      if (respectsMaxChars()) {
        assertThat(parent.text().length()).isLessThanOrEqualTo(settings.parentChars());
      }
    }
    for (Chunk child : children) {
      assertThat(child.parent()).isBetween(children.size(), chunks.size() - 1);
      Chunk parent = chunks.get(child.parent());
      List<String> lines = child.text().lines().toList();
      assertThat(parent.text()).contains(lines.getLast());
      assertThat(child.headingPath()).startsWith(parent.headingPath().toArray(String[]::new));
    }
  }

  @Test
  void anEmptyDocumentHasNoChunks() {
    ParsedDocument empty = new ParsedDocument(sample().format(), "text/plain", null,
        List.of(Block.paragraph("  \n\t\n", 1)), Map.of(), 1);
    assertThat(chunk(empty, settings(500, 50, 0))).isEmpty();
  }

  @Test
  void theSameDocumentIsCutTheSameWay() {
    assertThat(chunk(sample(), settings(120, 20, 400))).isEqualTo(chunk(sample(), settings(120, 20, 400)));
  }

  /** Sentences of the sample's text and its table cells (what must survive chunking). */
  List<String> needles(ParsedDocument document) {
    List<String> needles = new ArrayList<>();
    for (Block block : document.blocks()) {
      if (block.table() != null) {
        if (keepsTableCells()) {
          block.table().rows().forEach(r -> r.stream().filter(s -> !s.isBlank()).forEach(needles::add));
        }
        continue;
      }
      Sentences.of(block.text(), 0, List.of()).forEach(s -> needles.add(s.text()));
    }
    return needles;
  }

  /**
   * Whether a sentence survives, perhaps cut across chunks: it must be found as a few long pieces (a cut never makes
   * a piece shorter than 8 letters, except at the sentence's end).
   */
  static boolean keptInPieces(String haystack, String needle) {
    int i = 0;
    while (i < needle.length()) {
      int length = 0;
      while (i + length < needle.length() && haystack.contains(needle.substring(i, i + length + 1))) {
        length++;
      }
      if (length < Math.min(8, needle.length() - i)) {
        return false;
      }
      i += length;
    }
    return true;
  }

  /** Letters and digits only: strategies may change marks (【申请材料】 → 申请材料：, Q: → 问：) but not words. */
  static String letters(String text) {
    return text.replaceAll("[^\\p{L}\\p{N}]", "");
  }
}
