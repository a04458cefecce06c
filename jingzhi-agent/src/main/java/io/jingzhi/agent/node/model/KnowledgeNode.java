package io.jingzhi.agent.node.model;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Validation;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.knowledge.api.KnowledgeRetrieval;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The {@code knowledge} node: retrieval from one or more knowledge bases (codes or ids) as the run's caller, so
 * knowledge's access rules apply. Config: {@code knowledge_bases}, {@code query} (template), {@code top_k},
 * {@code score_threshold}, {@code mode} ({@code hybrid|vector|fulltext}), {@code rerank}; what is left out comes
 * from each base's defaults. Hits of several bases are merged by score. Outputs {@code result} (the hits) and
 * {@code context} (numbered passages ready to put in a prompt).
 */
@Component
public class KnowledgeNode implements NodeExecutor {

  static final String TYPE = "knowledge";
  static final Set<String> MODES = Set.of("hybrid", "vector", "fulltext");
  static final int MAX_BASES = 10;

  private final KnowledgeRetrieval retrieval;

  public KnowledgeNode(KnowledgeRetrieval retrieval) {
    this.retrieval = retrieval;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    Map<String, VarType> out = new LinkedHashMap<>();
    out.put("result", VarType.ARRAY_OBJECT);
    out.put("context", VarType.STRING);
    return out;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    JsonNode c = node.config();
    JsonNode bases = c == null ? null : c.get("knowledge_bases");
    if (bases == null || bases.isNull() || (bases.isArray() && bases.isEmpty())) {
      validation.error("config.knowledge_bases", "name at least one knowledge base (code or id)");
    } else if (bases.isArray()) {
      if (bases.size() > MAX_BASES) {
        validation.error("config.knowledge_bases", "at most " + MAX_BASES + " knowledge bases");
      }
      for (int i = 0; i < bases.size(); i++) {
        JsonNode b = bases.get(i);
        if (!(b.isString() && !b.asString().isBlank()) && !b.isIntegralNumber()) {
          validation.error("config.knowledge_bases[" + i + "]", "must be a knowledge base code or id");
        }
      }
    } else if (!ModelNodeSupport.dynamic(bases)) {
      validation.error("config.knowledge_bases", "must be a list of knowledge base codes or ids");
    }
    ModelNodeSupport.requireText(c, "query", validation);
    ModelNodeSupport.checkNumber(c, "top_k", 1, 100, validation);
    ModelNodeSupport.checkNumber(c, "score_threshold", 0, 1_000_000, validation);
    JsonNode mode = c == null ? null : c.get("mode");
    if (mode != null && !mode.isNull() && !ModelNodeSupport.dynamic(mode)
        && !(mode.isString() && MODES.contains(mode.asString()))) {
      validation.error("config.mode", "must be hybrid, vector or fulltext");
    }
    JsonNode rerank = c == null ? null : c.get("rerank");
    if (rerank != null && !rerank.isNull() && !rerank.isBoolean() && !ModelNodeSupport.dynamic(rerank)) {
      validation.error("config.rerank", "must be true or false");
    }
  }

  @Override
  public NodeResult execute(NodeContext context) {
    List<String> bases = bases(context.resolve("knowledge_bases"));
    String query = ModelNodeSupport.text(context, "query");
    if (bases.isEmpty()) {
      throw new NodeFailure("knowledge.bad_config", "config.knowledge_bases names no knowledge base", false);
    }
    if (query == null) {
      return result(List.of(), bases); // nothing asked, nothing found: no reason to fail the run
    }
    String mode = ModelNodeSupport.text(context, "mode");
    if (mode != null && !MODES.contains(mode)) {
      throw new NodeFailure("knowledge.bad_config", "config.mode must be hybrid, vector or fulltext", false);
    }
    Integer topK = ModelNodeSupport.integer(context, "top_k", TYPE);
    Object rerank = context.resolve("rerank");
    var q = new KnowledgeRetrieval.Query(query.length() > 2000 ? query.substring(0, 2000) : query, topK,
        ModelNodeSupport.number(context, "score_threshold", TYPE), mode,
        rerank == null ? null : Boolean.valueOf(String.valueOf(rerank)));
    List<KnowledgeRetrieval.Passage> hits = new ArrayList<>();
    for (String base : bases) {
      if (context.cancelled()) {
        throw new NodeFailure("knowledge.cancelled", "the run was cancelled", false);
      }
      try {
        hits.addAll(retrieval.retrieve(context.caller(), base, q));
      } catch (ApiException e) {
        throw ModelNodeSupport.failure(TYPE, e);
      }
    }
    hits.sort(Comparator.comparingDouble(KnowledgeRetrieval.Passage::score).reversed());
    if (topK != null && hits.size() > topK) {
      hits = new ArrayList<>(hits.subList(0, topK));
    }
    return result(hits, bases);
  }

  private static NodeResult result(List<KnowledgeRetrieval.Passage> hits, List<String> bases) {
    List<Map<String, Object>> result = new ArrayList<>(hits.size());
    StringBuilder context = new StringBuilder();
    int n = 0;
    for (KnowledgeRetrieval.Passage p : hits) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("text", p.text());
      item.put("score", p.score());
      item.put("document", p.documentTitle());
      item.put("document_id", p.documentId());
      item.put("kb", p.kbCode());
      item.put("metadata", p.metadata());
      result.add(item);
      context.append(context.isEmpty() ? "" : "\n\n").append('[').append(++n).append("] ").append(p.text());
      if (p.documentTitle() != null && !p.documentTitle().isBlank()) {
        context.append("\n（来源：").append(p.documentTitle()).append('）');
      }
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("result", result);
    outputs.put("context", context.toString());
    return NodeResult.of(outputs).withDetails(Map.of("knowledge_bases", bases, "hits", hits.size()));
  }

  /** The base references of the resolved config: a list, or one code/id, or a comma-separated text. */
  static List<String> bases(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof Collection<?> list) {
      list.forEach(v -> out.addAll(bases(v)));
    } else if (value instanceof Number n) {
      out.add(String.valueOf(n.longValue()));
    } else if (value != null) {
      for (String part : String.valueOf(value).split("[,，]")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out.stream().distinct().toList();
  }
}
