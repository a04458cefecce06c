package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * FAQs: one chunk per question–answer pair, found as 问：/答：, Q:/A:, 问题/回答/答复/解答 lines, numbered questions
 * ending in ？ with the answer below, or a table with question and answer columns. The chunk's {@code matchText}
 * is the question plus its similar questions (相似问法 lines or column), so a user's question is matched to
 * questions; its {@code text} is question and answer; metadata {@code question}. Other table columns go to
 * metadata. A long answer is cut between sentences with the question repeated. Text outside pairs is cut as
 * general text.
 */
@Component
public class FaqStrategy implements ChunkingStrategy {

  public static final String NAME = "faq";

  static final Pattern QUESTION = Pattern.compile(
      "^(?:【\\s*(?:问题?|提问|Q)\\s*\\d*\\s*】\\s*[:：]?|(?:问题?|提问|[Qq])\\s*\\d*\\s*[:：])\\s*(.*)$");
  static final Pattern ANSWER = Pattern.compile(
      "^(?:【\\s*(?:答案?|回答|答复|解答|A)\\s*\\d*\\s*】\\s*[:：]?|(?:答案?|回答|答复|解答|[Aa])\\s*\\d*\\s*[:：])\\s*(.*)$");
  static final Pattern NUMBERED_QUESTION =
      Pattern.compile("^(?:\\d{1,3}\\s*[.．、)）]|[（(]\\d{1,3}[）)]|[Qq]\\d{1,3}\\s*[.．:：、]?)\\s*([^？?]{2,}[？?])\\s*(.*)$");
  private static final Pattern SIMILAR =
      Pattern.compile("^(?:【)?(?:相似问法|相似问题|类似问题|其他问法|相似问)(?:】)?\\s*[:：]?\\s*(.*)$");
  private static final Pattern INLINE_ANSWER = Pattern.compile(
      "(?<=[？?。\\s])\\s*(?:【\\s*(?:答案?|回答|答复|解答|A)\\s*】\\s*[:：]?|(?:答|回答|答复|解答|A)\\s*[:：])");

  private static final class Pair {
    final String question;
    final List<String> similar = new ArrayList<>();
    final List<Line> answer = new ArrayList<>();
    final Map<String, String> metadata = new LinkedHashMap<>();
    final int page;

    Pair(String question, int page) {
      this.question = question;
      this.page = page;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings) {
    List<Draft> drafts = new ArrayList<>();
    List<Line> loose = new ArrayList<>();
    Pair pair = null;
    for (Line line : Line.withoutCaptions(Line.of(document))) {
      if (line.isTable() && FaqColumns.of(line.table()) != null) {
        flush(drafts, pair, loose, settings);
        pair = null;
        tablePairs(line.table(), FaqColumns.of(line.table()), line.page()).forEach(p -> drafts.addAll(drafts(p, settings)));
        continue;
      }
      String[] opening = line.isTable() ? null : question(line);
      if (opening != null) {
        flush(drafts, pair, loose, settings);
        pair = new Pair(opening[0], line.page());
        if (!opening[1].isEmpty()) {
          pair.answer.add(new Line(opening[1], line.page(), 0, null));
        }
        continue;
      }
      Matcher similar = line.isTable() ? null : SIMILAR.matcher(line.text());
      if (pair != null && similar != null && similar.matches()) {
        pair.similar.addAll(splitSimilar(similar.group(1)));
        continue;
      }
      Matcher answer = line.isTable() ? null : ANSWER.matcher(line.text());
      Line content = answer != null && answer.matches() ? new Line(answer.group(1), line.page(), 0, null) : line;
      if (pair != null) {
        pair.answer.add(content);
      } else {
        loose.add(content);
      }
    }
    flush(drafts, pair, loose, settings);
    return ChunkAssembler.assemble(drafts, settings);
  }

  /**
   * Whether a line surely opens a question (for choosing the strategy): a 问：/Q: mark, or a numbered line that ends
   * with its question or goes on with 答：. A numbered line with more text after its ？ may be a rhetorical question
   * in a list, so it counts only once the FAQ strategy is chosen.
   */
  static boolean opensQuestion(String text) {
    if (QUESTION.matcher(text).matches()) {
      return true;
    }
    Matcher m = NUMBERED_QUESTION.matcher(text);
    return m.matches() && (m.group(2).isBlank() || ANSWER.matcher(m.group(2)).matches());
  }

  /**
   * The question a line opens and the answer that follows it on the same line (问：…？答：…, 1. …？…), or null.
   */
  static String[] question(Line line) {
    Matcher m = QUESTION.matcher(line.text());
    if (m.matches()) {
      String question = m.group(1).strip();
      Matcher inline = INLINE_ANSWER.matcher(question);
      if (inline.find() && inline.start() > 0) {
        return new String[] {question.substring(0, inline.start()).strip(), question.substring(inline.end()).strip()};
      }
      return new String[] {question, ""};
    }
    m = NUMBERED_QUESTION.matcher(line.text());
    if (m.matches()) {
      Matcher inline = ANSWER.matcher(m.group(2));
      return new String[] {m.group(1).strip(), inline.matches() ? inline.group(1).strip() : m.group(2).strip()};
    }
    if (line.headingLevel() > 0 && line.text().matches(".{2,}[？?]$")) {
      return new String[] {line.text(), ""};
    }
    return null;
  }

  private static void flush(List<Draft> drafts, Pair pair, List<Line> loose, ChunkingSettings settings) {
    if (!loose.isEmpty()) {
      drafts.addAll(GeneralStrategy.drafts(List.copyOf(loose), settings, List.of(), Map.of()));
      loose.clear();
    }
    if (pair != null) {
      drafts.addAll(drafts(pair, settings));
    }
  }

  private static List<Draft> drafts(Pair pair, ChunkingSettings settings) {
    String question = "问：" + pair.question;
    StringBuilder match = new StringBuilder(pair.question);
    pair.similar.forEach(s -> match.append('\n').append(s));
    Map<String, String> metadata = new LinkedHashMap<>(pair.metadata);
    metadata.put("question", pair.question);
    List<String> answerLines = pair.answer.stream()
        .map(l -> l.isTable() ? String.join("\n", TableText.parts(l.table(), Integer.MAX_VALUE)) : l.text()).toList();
    String text = answerLines.isEmpty() ? question : question + "\n答：" + String.join("\n", answerLines);
    if (text.length() <= settings.maxChars()) {
      return List.of(new Draft(text, match.toString(), List.of(), Draft.withPage(metadata, pair.page), 0));
    }
    return Prefixed.split(pair.answer, List.of(), question + "\n答：", true, metadata, settings).stream()
        .map(d -> new Draft(d.text(), match.toString(), d.path(), d.metadata(), d.repeated())).toList();
  }

  private static List<Pair> tablePairs(Table table, FaqColumns columns, int page) {
    List<Pair> pairs = new ArrayList<>();
    for (List<String> row : table.rows()) {
      String question = cell(row, columns.question());
      if (question.isEmpty()) {
        continue;
      }
      Pair pair = new Pair(question, page);
      String answer = cell(row, columns.answer());
      if (!answer.isEmpty()) {
        pair.answer.add(new Line(answer, page, 0, null));
      }
      if (columns.similar() >= 0) {
        pair.similar.addAll(splitSimilar(cell(row, columns.similar())));
      }
      for (int i = 0; i < row.size(); i++) {
        if (i != columns.question() && i != columns.answer() && i != columns.similar() && !cell(row, i).isEmpty()) {
          pair.metadata.put(TableText.columnName(table.header(), i), cell(row, i));
        }
      }
      if (table.name() != null && !table.name().isBlank()) {
        pair.metadata.put("sheet", table.name().strip());
      }
      pairs.add(pair);
    }
    return pairs;
  }

  private static String cell(List<String> row, int i) {
    return i >= 0 && i < row.size() ? TableText.clean(row.get(i)) : "";
  }

  private static List<String> splitSimilar(String value) {
    return Arrays.stream(value.split("[；;|｜\\n]|(?<=[？?])\\s*[、，,]?")).map(String::strip)
        .filter(s -> !s.isEmpty()).toList();
  }
}
