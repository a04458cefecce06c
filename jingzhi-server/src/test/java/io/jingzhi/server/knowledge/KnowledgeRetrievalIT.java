package io.jingzhi.server.knowledge;

import static io.jingzhi.server.support.IamFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.node.model.KnowledgeNode;
import io.jingzhi.agent.testing.FakeNodeContext;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.knowledge.api.KnowledgeRetrieval;
import io.jingzhi.server.knowledge.KnowledgeClient.FilePart;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retrieval for the agent: {@link KnowledgeRetrieval} names a base by code or id and searches as the caller with
 * knowledge's own rules, and the {@code knowledge} node merges several bases into {@code result} and
 * {@code context}. Real ingestion with the in-process embedding model.
 */
class KnowledgeRetrievalIT extends ServerIT {

  @Autowired
  KnowledgeRetrieval retrieval;

  @Autowired
  KnowledgeNode node;

  @Autowired
  JsonMapper json;

  static Caller caller(Tenant t) {
    return new Caller(t.devId(), t.devName(), "dev", t.orgId(), t.orgId(), Set.of("developer"),
        Set.of(Permissions.KB_READ, Permissions.MODEL_INVOKE), Caller.AuthType.USER, null, null, null, "127.0.0.1",
        false);
  }

  @Test
  void retrievesByCodeOrIdAsTheCallerAndTheNodeMergesBases() {
    var kb = new KnowledgeClient(api, port);
    Tenant a = fx.tenant("kr-a");
    Tenant b = fx.tenant("kr-b");
    String project = unique("kr-proj");
    api.post("/api/v1/projects", fx.login(a.adminName()), map("code", project, "name", "甲项目", "org_id", a.orgId()));
    String dev = fx.login(a.devName());
    JsonNode policy = kb.createBase(dev, project, map("code", unique("kr-policy")));
    JsonNode faq = kb.createBase(dev, project, map("code", unique("kr-faq")));
    for (var pair : List.of(Map.entry(policy, FilePart.text("policy.md", KnowledgeDocs.POLICY)),
        Map.entry(faq, FilePart.text("faq.md", KnowledgeDocs.FAQ)))) {
      var upload = kb.upload(pair.getKey().get("id").asLong(), dev, List.of(pair.getValue()), null);
      assertThat(kb.awaitJob(upload.json().get("job_id").asLong(), dev, "succeeded", "failed").get("state")
          .asString()).isEqualTo("succeeded");
    }
    String faqCode = faq.get("code").asString();
    Caller me = caller(a);

    var byCode = retrieval.retrieve(me, faqCode, new KnowledgeRetrieval.Query("租房提取公积金", 2, null, null, null));
    assertThat(byCode).isNotEmpty().hasSizeLessThanOrEqualTo(2);
    assertThat(byCode.getFirst().text()).contains("租房");
    assertThat(byCode.getFirst().kbCode()).isEqualTo(faqCode);
    assertThat(byCode.getFirst().documentTitle()).isNotBlank();
    var byId = retrieval.retrieve(me, faq.get("id").asString(), new KnowledgeRetrieval.Query("租房提取公积金", 2,
        null, "fulltext", null));
    assertThat(byId).isNotEmpty();
    assertThatThrownBy(() -> retrieval.retrieve(caller(b), faqCode,
        new KnowledgeRetrieval.Query("租房", 2, null, null, null))).isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).status().value()).isEqualTo(404);
    assertThat(retrieval.resolve(caller(b), faqCode)).isEmpty();

    var ctx = context(json.readTree("""
        {"knowledge_bases": ["%s", "%s"], "query": "租房可以提取公积金吗", "top_k": 3}"""
        .formatted(policy.get("code").asString(), faqCode)), me);
    var result = node.execute(ctx);
    @SuppressWarnings("unchecked")
    var hits = (List<Map<String, Object>>) result.outputs().get("result");
    assertThat(hits).hasSizeBetween(1, 3);
    assertThat(hits.getFirst().get("kb")).isEqualTo(faqCode);
    assertThat((String) result.outputs().get("context")).startsWith("[1] ").contains("租房");
    for (int i = 1; i < hits.size(); i++) {
      assertThat((Double) hits.get(i - 1).get("score")).isGreaterThanOrEqualTo((Double) hits.get(i).get("score"));
    }
    assertThatThrownBy(() -> node.execute(context(ctx.node().config(), caller(b))))
        .isInstanceOf(NodeFailure.class).extracting(e -> ((NodeFailure) e).code())
        .isEqualTo("knowledge.knowledge_base.not_found");
  }

  /** A knowledge node with literal config values, run by the caller. */
  private static FakeNodeContext context(JsonNode config, Caller who) {
    return new FakeNodeContext(new NodeSpec("kb", "knowledge", "知识检索", config, null, null), Map.of(), who)
        .timeLeft(Duration.ofMinutes(1));
  }
}
