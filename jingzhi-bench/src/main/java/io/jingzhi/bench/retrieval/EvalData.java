package io.jingzhi.bench.retrieval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A retrieval test set in the BEIR-like shape of /work/shared/data/retrieval: corpus.jsonl {pid, text, title?},
 * queries.jsonl {qid, query, split?}, qrels.jsonl {qid, pid, rel}. Queries without a
 * relevant passage are kept (their vectors are cached by file) but not scored.
 */
public record EvalData(List<Passage> corpus, List<Query> queries, Map<String, Set<String>> relevant) {

  public record Passage(String pid, String text, String title) {}

  public record Query(String qid, String text, String split) {}

  public static EvalData load(Path corpus, Path queries, Path qrels) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Passage> passages = new ArrayList<>();
    for (JsonNode n : lines(json, corpus)) {
      passages.add(new Passage(n.get("pid").asString(), n.get("text").asString(),
          n.hasNonNull("title") ? n.get("title").asString() : null));
    }
    Map<String, Set<String>> rel = new HashMap<>();
    for (JsonNode n : lines(json, qrels)) {
      if (!n.hasNonNull("rel") || n.get("rel").asInt() > 0) {
        rel.computeIfAbsent(n.get("qid").asString(), q -> new HashSet<>()).add(n.get("pid").asString());
      }
    }
    Map<String, Query> qs = new LinkedHashMap<>();
    for (JsonNode n : lines(json, queries)) {
      String qid = n.get("qid").asString();
      qs.put(qid, new Query(qid, n.get("query").asString(),
          n.hasNonNull("split") ? n.get("split").asString() : "all"));
    }
    return new EvalData(passages, List.copyOf(qs.values()), rel);
  }

  static String label(Path file) {
    return file.toAbsolutePath().getParent().getFileName() + "-" + file.getFileName().toString().replace(".jsonl", "");
  }

  /** One field of every line of a JSONL file (for warming the vector cache). */
  static List<String> texts(Path file, String field) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode n : lines(new ObjectMapper(), file)) {
      out.add(n.get(field).asString());
    }
    return out;
  }

  private static List<JsonNode> lines(ObjectMapper json, Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        out.add(json.readTree(line));
      }
    }
    return out;
  }
}
