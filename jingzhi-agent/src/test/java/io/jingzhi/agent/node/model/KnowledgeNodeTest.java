package io.jingzhi.agent.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.testing.FakeNodeContext;
import io.jingzhi.agent.testing.RecordingValidation;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.knowledge.api.KnowledgeRetrieval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class KnowledgeNodeTest {

  final List<String> asked = new ArrayList<>();
  final List<KnowledgeRetrieval.Query> queries = new ArrayList<>();

  final KnowledgeRetrieval retrieval = new KnowledgeRetrieval(null, null, null, null) {
    @Override
    public List<Passage> retrieve(Caller caller, String base, Query query) {
      asked.add(base);
      queries.add(query);
      return switch (base) {
        case "rsj-policy" -> List.of(passage("社保卡补办流程", 0.91, "社保卡办理指南", 1, "rsj-policy"),
            passage("社保卡挂失", 0.55, "社保卡办理指南", 1, "rsj-policy"));
        case "12" -> List.of(passage("医保报销比例", 0.73, "医保政策", 12, "ybj-kb"));
        case "secret" -> throw new ApiException(HttpStatus.NOT_FOUND, "knowledge_base.not_found", "no base");
        default -> List.of();
      };
    }
  };
  final KnowledgeNode node = new KnowledgeNode(retrieval);

  static KnowledgeRetrieval.Passage passage(String text, double score, String doc, long kb, String code) {
    return new KnowledgeRetrieval.Passage(text, score, 1, 100 + kb, doc, kb, code, code, Map.of("page", "3"));
  }

  @Test
  void mergesTheHitsOfSeveralBasesByScoreAndNumbersTheContext() {
    var ctx = new FakeNodeContext("knowledge", """
        {"knowledge_bases": ["rsj-policy", 12], "query": "{{start.q}}", "top_k": 2, "mode": "hybrid",
         "score_threshold": 0.3, "rerank": false}""").with("start.q", "社保卡怎么补办");

    NodeResult result = node.execute(ctx);

    assertThat(asked).containsExactly("rsj-policy", "12");
    assertThat(queries.getFirst()).isEqualTo(new KnowledgeRetrieval.Query("社保卡怎么补办", 2, 0.3, "hybrid", false));
    @SuppressWarnings("unchecked")
    var hits = (List<Map<String, Object>>) result.outputs().get("result");
    assertThat(hits).extracting(h -> h.get("text")).containsExactly("社保卡补办流程", "医保报销比例");
    assertThat(hits.get(1)).containsEntry("kb", "ybj-kb").containsEntry("document", "医保政策")
        .containsEntry("score", 0.73).containsEntry("metadata", Map.of("page", "3"));
    assertThat(result.outputs().get("context")).isEqualTo(
        "[1] 社保卡补办流程\n（来源：社保卡办理指南）\n\n[2] 医保报销比例\n（来源：医保政策）");
  }

  @Test
  void basesMayComeFromAReferenceAndAnEmptyQueryFindsNothing() {
    var ctx = new FakeNodeContext("knowledge", """
        {"knowledge_bases": "{{env.KBS}}", "query": "{{start.q}}"}""").with("env.KBS", "rsj-policy, other");
    NodeResult result = node.execute(ctx);
    assertThat(asked).isEmpty();
    assertThat(result.outputs()).containsEntry("result", List.of()).containsEntry("context", "");

    ctx.with("start.q", "挂失");
    node.execute(ctx);
    assertThat(asked).containsExactly("rsj-policy", "other");
    assertThat(queries.getFirst().topK()).as("the base's own default").isNull();
  }

  @Test
  void anUnreadableBaseFailsTheNodeWithKnowledgesCode() {
    var ctx = new FakeNodeContext("knowledge", """
        {"knowledge_bases": ["secret"], "query": "x"}""");
    assertThatThrownBy(() -> node.execute(ctx)).isInstanceOf(NodeFailure.class)
        .hasFieldOrPropertyWithValue("code", "knowledge.knowledge_base.not_found")
        .hasFieldOrPropertyWithValue("retryable", false);
  }

  @Test
  void validationNamesEachBadField() {
    var v = new RecordingValidation();
    node.validate(new FakeNodeContext("knowledge", """
        {"knowledge_bases": ["ok", {"x": 1}], "top_k": 0, "mode": "semantic", "rerank": "yes"}""").node(), v);
    assertThat(v.errors).containsOnlyKeys("config.knowledge_bases[1]", "config.query", "config.top_k",
        "config.mode", "config.rerank");
    var none = new RecordingValidation();
    node.validate(new FakeNodeContext("knowledge", "{\"knowledge_bases\": [], \"query\": \"q\"}").node(), none);
    assertThat(none.errors).containsOnlyKeys("config.knowledge_bases");
  }
}
