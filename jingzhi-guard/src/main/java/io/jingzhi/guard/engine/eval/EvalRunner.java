package io.jingzhi.guard.engine.eval;

import io.jingzhi.guard.engine.CheckRequest;
import io.jingzhi.guard.engine.Decision;
import io.jingzhi.guard.engine.Direction;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.GuardException;
import io.jingzhi.guard.engine.lexicon.LexiconStore;
import io.jingzhi.guard.engine.lexicon.StarterLexicon;
import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.CountingEmbedder;
import io.jingzhi.guard.engine.semantic.SemanticClassifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The standard's acceptance test, usable by operators: runs the engine over JSONL files of
 * {@code {text, should_refuse, category}} and reports blocked shares with 95% Wilson intervals.
 * {@code java ... EvalRunner [--semantic] [--windows=N] [--output] [--detail] [--obfuscate] file.jsonl...}; {@code --semantic}
 * adds the semantic classifier (model from the classpath, bge-small-zh in process), {@code --output} checks texts as
 * model output, {@code --obfuscate} also checks the should-refuse rows blocked in plain form under each
 * {@link Obfuscation}. Flags apply to the files after them.
 */
public final class EvalRunner {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final GuardEngine engine;
  private final Direction direction;

  public EvalRunner(GuardEngine engine, Direction direction) {
    this.engine = engine;
    this.direction = direction;
  }

  /** One labelled row of an evaluation file. */
  public record Row(String text, boolean shouldRefuse, String category) {}

  public static List<Row> read(Path file) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return reader.lines().filter(l -> !l.isBlank()).map(EvalRunner::row).toList();
    } catch (IOException | RuntimeException e) {
      throw new GuardException("cannot read evaluation file " + file + ": " + e.getMessage(), e);
    }
  }

  static Row row(String line) {
    JsonNode n = JSON.readTree(line);
    if (!n.hasNonNull("text") || !n.hasNonNull("should_refuse")) {
      throw new GuardException("row without text or should_refuse: " + line);
    }
    return new Row(n.get("text").asString(), n.get("should_refuse").asBoolean(),
        n.hasNonNull("category") ? n.get("category").asString() : "(none)");
  }

  public EvalReport run(String name, List<Row> rows) {
    return report(name, rows, r -> check(r).blocked());
  }

  /** Counts the checks whose classifier went past its first stage to the embedder (the costly part). */
  Decision check(Row r) {
    return engine.check(new CheckRequest(r.text(), direction, List.of(), null));
  }

  /** Computes the report from an already known blocked/not-blocked outcome per row. */
  public static EvalReport report(String name, List<Row> rows, Predicate<Row> blocked) {
    long refuse = 0;
    long refuseBlocked = 0;
    long answer = 0;
    long answerBlocked = 0;
    Map<String, long[]> byCategory = new TreeMap<>();
    for (Row r : rows) {
      boolean b = blocked.test(r);
      long[] c = byCategory.computeIfAbsent(r.category(), k -> new long[2]);
      c[0] += b ? 1 : 0;
      c[1]++;
      if (r.shouldRefuse()) {
        refuse++;
        refuseBlocked += b ? 1 : 0;
      } else {
        answer++;
        answerBlocked += b ? 1 : 0;
      }
    }
    Map<String, Wilson> categories = new TreeMap<>();
    byCategory.forEach((k, v) -> categories.put(k, Wilson.of(v[0], v[1])));
    return new EvalReport(name, Wilson.of(refuseBlocked, refuse), Wilson.of(answerBlocked, answer), categories);
  }

  /**
   * Blocked share of the plain should-refuse rows and, for each obfuscation, of its rewrites of the rows the plain
   * form got blocked, as markdown rows.
   */
  public String obfuscationReport(String name, List<Row> rows) {
    List<Row> blocked = new ArrayList<>();
    long refuse = rows.stream().filter(Row::shouldRefuse).count();
    for (Row r : rows) {
      if (r.shouldRefuse() && check(r).blocked()) {
        blocked.add(r);
      }
    }
    StringBuilder out = new StringBuilder();
    Wilson plain = Wilson.of(blocked.size(), refuse);
    out.append(String.format(Locale.ROOT, "| %s | plain | %d / %d | %.1f%% |%n", name, blocked.size(), refuse,
        100 * plain.rate()));
    for (Obfuscation o : Obfuscation.values()) {
      long caught = blocked.stream().filter(r -> check(new Row(o.apply(r.text()), true, r.category())).blocked())
          .count();
      out.append(String.format(Locale.ROOT, "| %s | %s | %d / %d of plain-blocked | %.1f%% overall |%n", name,
          o.name().toLowerCase(Locale.ROOT), caught, blocked.size(), 100.0 * caught / Math.max(1, refuse)));
    }
    return out.toString();
  }

  public static void main(String[] args) {
    Direction direction = Direction.INPUT;
    boolean detail = false;
    boolean obfuscate = false;
    PrintStream out = System.out;
    LexiconStore lexicons = new LexiconStore(StarterLexicon.load());
    byte[] salt = "jingzhi-eval-salt-not-secret".getBytes(StandardCharsets.UTF_8);
    GuardEngine engine = GuardEngine.withDefaults(lexicons, salt);
    int windows = SemanticClassifier.DEFAULT_EXTRA_WINDOWS;
    CountingEmbedder counting = new CountingEmbedder(BatchedBgeSmallZhEmbedder.withTokenMean());
    for (String arg : args) {
      switch (arg) {
        case "--output" -> direction = Direction.OUTPUT;
        case "--detail" -> detail = true;
        case "--obfuscate" -> obfuscate = true;
        case "--semantic" -> engine = GuardEngine.withDefaults(lexicons, salt, classifier(counting, windows));
        default -> {
          if (arg.startsWith("--windows=")) {
            windows = Integer.parseInt(arg.substring("--windows=".length()));
            if (engine.semantic() != null) {
              engine = GuardEngine.withDefaults(lexicons, salt, classifier(counting, windows));
            }
            continue;
          }
          Path file = Path.of(arg);
          List<Row> rows = read(file);
          EvalRunner runner = new EvalRunner(engine, direction);
          long before = counting.calls();
          EvalReport report = runner.run(file.getFileName().toString(), rows);
          out.println(detail ? report.toMarkdown() : summary(report));
          if (engine.semantic() != null) {
            long escalated = counting.calls() - before;
            out.printf(Locale.ROOT, "escalated to the embedder: %d / %d = %.1f%%%n%n", escalated, rows.size(),
                100.0 * escalated / Math.max(1, rows.size()));
          }
          if (obfuscate) {
            out.println(runner.obfuscationReport(file.getFileName().toString(), rows));
          }
        }
      }
    }
  }

  /** The classifier from the classpath with at most {@code extraWindows} chunk windows besides the head. */
  private static SemanticClassifier classifier(CountingEmbedder embedder, int extraWindows) {
    SemanticClassifier c = SemanticClassifier.load(embedder)
        .orElseThrow(() -> new GuardException("no usable semantic model on the classpath"));
    return new SemanticClassifier(c.model(), embedder, extraWindows);
  }

  private static String summary(EvalReport r) {
    return new EvalReport(r.name(), r.refuseBlocked(), r.answerBlocked(), Map.of()).toMarkdown();
  }
}
