package io.jingzhi.knowledge.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.index.IndexQuery.Phrase;
import io.jingzhi.knowledge.index.lucene.ChineseAnalyzers;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkHighlighterTest {

  private final ChunkHighlighter highlighter = new ChunkHighlighter(new ChineseAnalyzers());

  @Test
  void marksMatchedSubstringsWhole() {
    String h = highlighter.highlight("职工可以申请提取住房公积金用于购房。", "公积金提取", List.of());
    assertThat(h).isEqualTo("职工可以申请<em>提取</em>住房<em>公积金</em>用于购房。");
  }

  @Test
  void aLongTextShowsTheWindowWithTheMostMatches() {
    String text = "无关内容".repeat(60) + "办理营业执照需要营业执照申请书" + "其他说明".repeat(60);
    String h = highlighter.highlight(text, "营业执照", List.of());
    assertThat(h).startsWith("…").endsWith("…").contains("<em>营业执照</em>需要<em>营业执照</em>");
    assertThat(h.replace("<em>", "").replace("</em>", "").length()).isEqualTo(ChunkHighlighter.WINDOW + 2);
  }

  @Test
  void marksDictionaryTargetsAndEscapesHtml() {
    String h = highlighter.highlight("<b>居民身份证挂失补领</b>须本人到场", "身份证丢了",
        List.of(new Phrase("居民身份证挂失补领", 2f)));
    assertThat(h).contains("<em>居民身份证挂失补领</em>").contains("&lt;b&gt;").doesNotContain("<b>");
  }

  @Test
  void withoutAMatchReturnsTheStartOfTheText() {
    String text = "无关内容".repeat(50);
    assertThat(highlighter.highlight(text, "公积金", List.of()))
        .isEqualTo(text.substring(0, ChunkHighlighter.WINDOW) + "…");
  }
}
