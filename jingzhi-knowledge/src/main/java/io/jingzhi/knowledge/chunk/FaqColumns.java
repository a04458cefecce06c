package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.List;

/**
 * The question, answer and similar-questions columns of an FAQ table, found by header name (问题/标准问/question,
 * 答案/回答/答复/answer, 相似问法/similar).
 *
 * @param similar the similar-questions column, or -1
 */
record FaqColumns(int question, int answer, int similar) {

  /** The columns of a table that holds questions and answers, or null when it does not. */
  static FaqColumns of(Table table) {
    int question = -1;
    int answer = -1;
    int similar = -1;
    List<String> header = table.header();
    for (int i = 0; i < header.size(); i++) {
      String h = TableText.clean(header.get(i)).toLowerCase();
      if (h.contains("相似") || h.contains("类似") || h.contains("similar") || h.contains("其他问法")) {
        similar = similar < 0 ? i : similar;
      } else if (question < 0 && (h.matches(".*(问题|标准问|提问).*") || h.equals("问") || h.equals("question")
          || h.equals("q"))) {
        question = i;
      } else if (answer < 0 && (h.matches(".*(答案|回答|答复|解答).*") || h.equals("答") || h.equals("answer")
          || h.equals("a"))) {
        answer = i;
      }
    }
    return question >= 0 && answer >= 0 ? new FaqColumns(question, answer, similar) : null;
  }
}
