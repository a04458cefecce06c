package io.jingzhi.guard.engine.semantic;

import io.jingzhi.guard.engine.GuardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One labelled row of a shipped training file ({@code <set>.train.jsonl}). {@code group} keeps related rows in one
 * cross-validation fold: a jailbreak wrapper's group is its seed question (the wrapper contains it), any other
 * row's its text — the same key the held-out split uses.
 */
record TrainingRow(String set, String id, String text, boolean shouldRefuse, String riskType, String lang,
    String group) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Every {@code *.train.jsonl} of the directory, files in name order. */
  static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".train.jsonl")).sorted().toList();
    } catch (IOException e) {
      throw new GuardException("cannot list training data in " + dir, e);
    }
  }

  static List<TrainingRow> read(Path file) {
    String set = file.getFileName().toString().replace(".train.jsonl", "");
    List<TrainingRow> rows = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        String category = n.hasNonNull("category") ? n.get("category").asString() : "";
        rows.add(new TrainingRow(set, n.get("id").asString(), n.get("text").asString(),
            n.get("should_refuse").asBoolean(), RiskTypes.of(category),
            n.hasNonNull("lang") ? n.get("lang").asString() : "zh",
            n.hasNonNull("seed_question") ? n.get("seed_question").asString() : n.get("text").asString()));
      }
    } catch (IOException | RuntimeException e) {
      throw new GuardException("cannot read training file " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /** Label kept with the exemplar: the row id and the opening of its text. */
  String label() {
    String t = text.replaceAll("\\s+", " ");
    return id + ": " + (t.length() > 40 ? t.substring(0, 40) + "…" : t);
  }
}
