package io.jingzhi.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Simulated {@code /v1/embeddings} (deterministic hashed character-bigram vectors, so equal texts get equal
 * vectors and similar texts similar ones) and {@code /v1/rerank} (character overlap scores).
 */
final class Embeddings {

  private Embeddings() {}

  static Map<String, Object> respond(JsonNode body, SimulatorConfig c) {
    JsonNode input = body.path("input");
    List<String> texts = new ArrayList<>();
    if (input.isString()) {
      texts.add(input.asString());
    } else if (input.isArray()) {
      input.forEach(n -> texts.add(n.asString("")));
    } else {
      throw new Simulator.BadRequest("input must be a string or an array of strings");
    }
    int dims = body.path("dimensions").asInt(c.embeddingDimensions());
    List<Map<String, Object>> data = new ArrayList<>();
    int tokens = 0;
    for (int i = 0; i < texts.size(); i++) {
      data.add(Map.of("object", "embedding", "index", i, "embedding", vector(texts.get(i), dims)));
      tokens += texts.get(i).length();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("object", "list");
    m.put("data", data);
    m.put("model", body.path("model").asString("sim-embedding"));
    m.put("usage", Map.of("prompt_tokens", tokens, "total_tokens", tokens));
    return m;
  }

  static float[] vector(String text, int dims) {
    float[] v = new float[dims];
    for (int i = 0; i < text.length(); i++) {
      int h = (text.charAt(i) * 31 + (i + 1 < text.length() ? text.charAt(i + 1) : 0)) * 0x9E3779B1;
      v[Math.floorMod(h, dims)] += 1;
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < dims && norm > 0; i++) {
      v[i] /= (float) norm;
    }
    return v;
  }

  static Map<String, Object> rerank(JsonNode body) {
    String query = body.path("query").asString("");
    if (!body.path("documents").isArray()) {
      throw new Simulator.BadRequest("documents must be an array");
    }
    Set<Integer> q = new HashSet<>();
    query.codePoints().forEach(q::add);
    List<Map<String, Object>> results = new ArrayList<>();
    int i = 0;
    for (JsonNode d : body.path("documents")) {
      String doc = d.isString() ? d.asString() : d.path("text").asString("");
      long hits = doc.codePoints().distinct().filter(q::contains).count();
      double score = q.isEmpty() ? 0 : (double) hits / q.size();
      results.add(Map.of("index", i++, "relevance_score", score, "document", Map.of("text", doc)));
    }
    results.sort(Comparator.comparingDouble((Map<String, Object> r) -> (double) r.get("relevance_score")).reversed());
    int topN = body.path("top_n").asInt(results.size());
    return Map.of("id", "rerank-sim", "model", body.path("model").asString("sim-rerank"),
        "results", results.subList(0, Math.min(topN, results.size())),
        "usage", Map.of("total_tokens", query.length()));
  }
}
