package io.jingzhi.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-style checks over random documents that mix every structure (articles, guide labels, questions,
 * headings, code, tables, long sentences), cut by every strategy at random sizes: the quality rules hold and no
 * running-text sentence is lost, whatever the strategy makes of the structure around it.
 */
class RandomDocumentsTest {

  private static final String[] WORDS = {"政务", "服务", "数据", "审批", "材料", "窗口", "企业", "群众", "办理", "规定",
      "补贴", "社保", "公积金", "街道", "社区", "2025", "ab"};
  private static final String[] STRUCTURE = {"第一章 总则", "第二章 申请条件", "第一节 一般规定", "第三条 ",
      "第十二条 ", "一、总体要求", "（一）", "1. ", "事项名称：", "【申请材料】", "办理时限：", "问：", "答：",
      "Q: ", "相似问法：", "# 标题", "## 小节", "```", "| 列 | 值 |", "3. 怎么办理？"};

  private final Chunker chunker = Chunker.withBuiltInStrategies();

  @Test
  void everyStrategyKeepsTheRulesOnRandomDocuments() {
    List<String> names = new ArrayList<>(chunker.strategyNames());
    names.remove(JsonlStrategy.NAME);
    for (int seed = 0; seed < Integer.getInteger("chunk.seeds", 300); seed++) {
      Random random = new Random(seed);
      List<String> sentences = new ArrayList<>();
      ParsedDocument document = document(random, sentences);
      int max = 50 + random.nextInt(400);
      int overlap = random.nextInt(max / 2);
      int parent = random.nextBoolean() ? 0 : max + 1 + random.nextInt(1000);
      for (String name : names) {
        ChunkingSettings settings = new ChunkingSettings(name, max, overlap, parent, Map.of());
        String context = "seed " + seed + " " + name + " max " + max;
        List<Chunk> chunks = chunker.chunk(document, settings);
        checkRules(chunks, settings, context);
        checkKept(chunks, sentences, context);
      }
    }
  }

  private static void checkRules(List<Chunk> chunks, ChunkingSettings settings, String context) {
    int children = (int) chunks.stream().filter(Chunk::searchable).count();
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      assertThat(c.ordinal()).as(context).isEqualTo(i);
      assertThat(c.text()).as(context).isNotBlank().isEqualTo(c.text().strip());
      assertThat(c.searchable()).as(context + ": children first").isEqualTo(i < children);
      if (c.searchable()) {
        if (!hasUncuttableRun(c.text(), settings)) {
          assertThat(c.text().length()).as(context + ": " + c.text()).isLessThanOrEqualTo(settings.maxChars());
        }
        if (settings.parentChars() > 0) {
          assertThat(c.parent()).as(context).isBetween(children, chunks.size() - 1);
        } else {
          assertThat(c.parent()).as(context).isEqualTo(-1);
        }
      } else {
        if (!hasUncuttableRun(c.text(), settings)) {
          assertThat(c.text().length()).as(context + ": " + c.text()).isLessThanOrEqualTo(settings.parentChars());
        }
      }
    }
  }

  /** The one allowed excess: a run of letters and digits (a URL, a number) too long to fit, that is never cut. */
  private static boolean hasUncuttableRun(String text, ChunkingSettings settings) {
    return text.matches("(?s).*[A-Za-z0-9./:_\\-%?=&#@+~]{" + settings.maxChars() / 2 + ",}.*");
  }

  private static void checkKept(List<Chunk> chunks, List<String> sentences, String context) {
    StringBuilder haystack = new StringBuilder();
    for (Chunk c : chunks) {
      if (c.searchable()) {
        haystack.append(ChunkingStrategyContractTest.letters(c.text())).append('|');
        haystack.append(c.matchText() == null ? "" : ChunkingStrategyContractTest.letters(c.matchText())).append('|');
        c.metadata().values().forEach(v -> haystack.append(ChunkingStrategyContractTest.letters(v)).append('|'));
      }
    }
    for (String sentence : sentences) {
      assertThat(ChunkingStrategyContractTest.keptInPieces(haystack.toString(),
          ChunkingStrategyContractTest.letters(sentence))).as(context + " keeps " + sentence).isTrue();
    }
  }

  /** A random document; {@code sentences} receives its plain running-text sentences. */
  private static ParsedDocument document(Random random, List<String> sentences) {
    List<Block> blocks = new ArrayList<>();
    StringBuilder paragraph = new StringBuilder();
    int lines = 1 + random.nextInt(30);
    for (int l = 0; l < lines; l++) {
      int kind = random.nextInt(10);
      if (kind < 4) {
        String sentence = sentence(random, l);
        sentences.add(sentence);
        paragraph.append(sentence).append('\n');
      } else if (kind < 8) {
        paragraph.append(STRUCTURE[random.nextInt(STRUCTURE.length)]).append(sentence(random, 500 + l)).append('\n');
      } else if (kind == 8) {
        flush(blocks, paragraph);
        blocks.add(Samples.table(table(random), 1));
      } else {
        flush(blocks, paragraph);
        blocks.add(Block.heading(1 + random.nextInt(3), "第" + l + "部分", 1));
      }
    }
    flush(blocks, paragraph);
    return new ParsedDocument("docx", "x", null, blocks, Map.of(), 1);
  }

  private static void flush(List<Block> blocks, StringBuilder paragraph) {
    if (!paragraph.isEmpty()) {
      blocks.add(Block.paragraph(paragraph.toString(), 1));
      paragraph.setLength(0);
    }
  }

  private static String sentence(Random random, int number) {
    StringBuilder s = new StringBuilder("句" + number);
    int words = 1 + random.nextInt(random.nextInt(8) == 0 ? 120 : 15);
    for (int w = 0; w < words; w++) {
      s.append(WORDS[random.nextInt(WORDS.length)]);
      if (random.nextInt(10) == 0) {
        s.append("，");
      }
    }
    return s.append("。").toString();
  }

  private static Table table(Random random) {
    List<List<String>> rows = new ArrayList<>();
    int n = random.nextInt(12);
    for (int r = 0; r < n; r++) {
      rows.add(List.of("项目" + r, WORDS[random.nextInt(WORDS.length)].repeat(1 + random.nextInt(30)), "备注" + r));
    }
    return new Table(random.nextBoolean() ? "表" + n : null, List.of("名称", "内容", "备注"), rows);
  }
}
