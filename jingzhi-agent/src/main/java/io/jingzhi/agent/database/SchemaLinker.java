package io.jingzhi.agent.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Schema linking for NL2SQL: picks the tables a question is about by lexical overlap of the question's tokens
 * (smartcn words and character bigrams for Chinese, split identifiers for names) with table and column names,
 * comments and sample values; keeps the best {@code topK} tables and adds the tables their foreign keys join to.
 * A schema no larger than {@code topK} is given whole: the model chooses better than any overlap there.
 */
public final class SchemaLinker {

  private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Set<String> STOP = Set.of("the", "of", "and", "a", "an", "in", "on", "for", "to", "by",
      "is", "are", "what", "which", "how", "many", "show", "list", "all", "each", "with", "that", "from", "do",
      "does", "id", "的", "是", "了", "有", "和", "与", "在", "多少", "哪些", "什么", "所有", "每个", "显示", "列出");
  private static final Analyzer SMARTCN = new SmartChineseAnalyzer();

  private SchemaLinker() {}

  /** The linked tables, best first, each with its score (FK neighbours score 0). */
  public record Linked(List<DbSchema.Table> tables, Map<String, Double> scores) {}

  public static Linked link(DbSchema schema, String question, int topK, Collection<String> allowed) {
    List<DbSchema.Table> candidates = schema.tables().stream().filter(t -> allowed == null || allowed.isEmpty()
        || allowed.stream().anyMatch(a -> a.equalsIgnoreCase(t.name()))).toList();
    Set<String> q = tokens(question);
    String lowerQuestion = question.toLowerCase(Locale.ROOT);
    Map<String, Double> scores = new LinkedHashMap<>();
    for (DbSchema.Table t : candidates) {
      scores.put(t.name(), score(t, q, lowerQuestion));
    }
    if (candidates.size() <= topK) {
      List<DbSchema.Table> all = candidates.stream()
          .sorted(Comparator.comparingDouble((DbSchema.Table t) -> -scores.get(t.name()))).toList();
      return new Linked(all, scores);
    }
    List<DbSchema.Table> ranked = candidates.stream().filter(t -> scores.get(t.name()) > 0)
        .sorted(Comparator.comparingDouble((DbSchema.Table t) -> -scores.get(t.name()))).limit(topK).toList();
    if (ranked.isEmpty()) {
      ranked = candidates.stream().limit(topK).toList(); // nothing overlaps: let the model see a sample of tables
    }
    Set<String> chosen = new LinkedHashSet<>();
    ranked.forEach(t -> chosen.add(t.name().toLowerCase(Locale.ROOT)));
    List<DbSchema.Table> out = new ArrayList<>(ranked);
    for (DbSchema.Table t : candidates) {
      if (out.size() >= topK * 2) {
        break;
      }
      if (!chosen.contains(t.name().toLowerCase(Locale.ROOT)) && joins(t, ranked)) {
        out.add(t);
        chosen.add(t.name().toLowerCase(Locale.ROOT));
      }
    }
    return new Linked(out, scores);
  }

  /** True when {@code t} references one of {@code tables} or is referenced by one. */
  private static boolean joins(DbSchema.Table t, List<DbSchema.Table> tables) {
    for (DbSchema.Table other : tables) {
      if (t.foreignKeys().stream().anyMatch(fk -> fk.referencedTable().equalsIgnoreCase(other.name()))
          || other.foreignKeys().stream().anyMatch(fk -> fk.referencedTable().equalsIgnoreCase(t.name()))) {
        return true;
      }
    }
    return false;
  }

  static double score(DbSchema.Table t, Set<String> q, String lowerQuestion) {
    double score = 3 * overlap(tokens(t.name()), q);
    if (t.comment() != null) {
      score += 3 * overlap(tokens(t.comment()), q);
    }
    for (DbSchema.Column c : t.columns()) {
      double column = overlap(tokens(c.name()), q);
      if (c.comment() != null) {
        column = Math.max(column, 1.5 * overlap(tokens(c.comment()), q));
      }
      for (String sample : c.samples()) {
        if (sample.length() >= 2 && lowerQuestion.contains(sample.toLowerCase(Locale.ROOT))) {
          column += 2;
          break;
        }
      }
      score += Math.min(column, 3);
    }
    return score;
  }

  /** Share of a name's tokens found in the question (1 when they all are). */
  private static double overlap(Set<String> name, Set<String> question) {
    if (name.isEmpty()) {
      return 0;
    }
    long hit = name.stream().filter(question::contains).count();
    return (double) hit / name.size();
  }

  /** Lower-case tokens: identifier parts and words (singular), smartcn words and bigrams of Chinese runs. */
  static Set<String> tokens(String text) {
    Set<String> out = new HashSet<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    String split = CAMEL.matcher(text).replaceAll(" ").replace('_', ' ');
    for (String word : NON_WORD.split(split.toLowerCase(Locale.ROOT))) {
      if (word.isEmpty()) {
        continue;
      }
      if (word.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)) {
        chinese(word, out);
      } else if (!STOP.contains(word)) {
        out.add(singular(word));
      }
    }
    return out;
  }

  private static void chinese(String run, Set<String> out) {
    int[] cps = run.codePoints().toArray();
    for (int i = 0; i + 1 < cps.length; i++) {
      out.add(new String(cps, i, 2));
    }
    try (TokenStream ts = SMARTCN.tokenStream("q", run)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        String w = term.toString();
        if (!STOP.contains(w)) {
          out.add(w);
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String singular(String w) {
    if (w.length() > 4 && w.endsWith("ies")) {
      return w.substring(0, w.length() - 3) + "y";
    }
    if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
      return w.substring(0, w.length() - 1);
    }
    return w;
  }

  /** The linked tables as CREATE TABLE statements, with comments and sample values, for the prompt. */
  public static String ddl(List<DbSchema.Table> tables) {
    StringBuilder s = new StringBuilder();
    for (DbSchema.Table t : tables) {
      s.append("CREATE TABLE ").append(t.name()).append(" (");
      if (t.comment() != null) {
        s.append(" -- ").append(t.comment());
      }
      s.append('\n');
      List<String[]> lines = new ArrayList<>(); // [definition, comment]: the comma goes before the comment
      for (DbSchema.Column c : t.columns()) {
        String line = "  " + c.name() + " " + c.type()
            + (t.primaryKey().size() == 1 && t.primaryKey().getFirst().equalsIgnoreCase(c.name()) ? " PRIMARY KEY" : "");
        List<String> notes = new ArrayList<>();
        if (c.comment() != null) {
          notes.add(c.comment());
        }
        if (!c.samples().isEmpty()) {
          notes.add("e.g. " + String.join(", ", c.samples().stream().distinct().limit(3)
              .map(v -> "'" + v + "'").toList()));
        }
        lines.add(new String[] {line, notes.isEmpty() ? "" : " -- " + String.join("; ", notes)});
      }
      if (t.primaryKey().size() > 1) {
        lines.add(new String[] {"  PRIMARY KEY (" + String.join(", ", t.primaryKey()) + ")", ""});
      }
      for (DbSchema.ForeignKey fk : t.foreignKeys()) {
        lines.add(new String[] {"  FOREIGN KEY (" + String.join(", ", fk.columns()) + ") REFERENCES "
            + fk.referencedTable() + "(" + String.join(", ", fk.referencedColumns()) + ")", ""});
      }
      for (int i = 0; i < lines.size(); i++) {
        s.append(lines.get(i)[0]).append(i + 1 < lines.size() ? "," : "").append(lines.get(i)[1]).append('\n');
      }
      s.append(");\n");
    }
    return s.toString();
  }
}
