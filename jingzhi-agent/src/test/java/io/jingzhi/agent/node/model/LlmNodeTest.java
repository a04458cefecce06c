package io.jingzhi.agent.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.RunInfo;
import io.jingzhi.agent.engine.TokenUsage;
import io.jingzhi.agent.testing.FakeNodeContext;
import io.jingzhi.agent.testing.RecordingValidation;
import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ModelCallFailed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmNodeTest {

  final FakeModelClient models = new FakeModelClient();
  final LlmNode node = new LlmNode(models, FakeNodeContext.JSON);

  @Test
  void rendersSystemAndPromptStreamsTheAnswerAndReportsUsage() {
    models.answer("您好，社保卡补办需要身份证。");
    var ctx = new FakeNodeContext("llm", """
        {"model": "qwen", "system": "你是{{env.CITY}}的政务助手", "prompt": "问题：{{start.q}}",
         "temperature": 0.2, "max_tokens": 300}""").with("env.CITY", "京州").with("start.q", "社保卡怎么补办");

    NodeResult result = node.execute(ctx);

    var request = models.requests.getFirst();
    assertThat(request.model()).isEqualTo("qwen");
    assertThat(request.messages()).extracting(m -> m.role() + ":" + m.content())
        .containsExactly("system:你是京州的政务助手", "user:问题：社保卡怎么补办");
    assertThat(request.temperature()).isEqualTo(0.2);
    assertThat(request.maxTokens()).isEqualTo(300);
    assertThat(request.jsonObject()).isFalse();
    assertThat(models.callers.getFirst()).isSameAs(FakeNodeContext.CALLER);
    assertThat(String.join("", ctx.emitted())).isEqualTo("您好，社保卡补办需要身份证。");
    assertThat(ctx.emitted()).hasSizeGreaterThan(1);
    assertThat(result.outputs()).containsEntry("text", "您好，社保卡补办需要身份证。").doesNotContainKey("json");
    assertThat(result.usage()).isEqualTo(new TokenUsage(10, 14));
    assertThat(result.details()).containsEntry("finish_reason", "stop");
  }

  @Test
  void replaysTheLastTurnsOfTheConversationAsMemory() {
    models.answer("好的");
    var ctx = new FakeNodeContext("llm", """
        {"model": "qwen", "prompt": "{{sys.query}}", "memory": {"turns": 2}}""").with("sys.query", "第四问");
    ctx.run(new RunInfo(1, "app", 1, FakeNodeContext.CALLER, "c1", "第四问", List.of(
        new RunInfo.Turn("第一问", "一答"), new RunInfo.Turn("第二问", "二答"), new RunInfo.Turn("第三问", "三答")), 0));

    node.execute(ctx);

    assertThat(models.requests.getFirst().messages()).extracting(m -> m.role() + ":" + m.content())
        .containsExactly("user:第二问", "assistant:二答", "user:第三问", "assistant:三答", "user:第四问");
  }

  @Test
  void jsonModeParsesTheAnswerAndDeclaresTheOutput() {
    models.answer("```json\n{\"city\": \"京州\", \"days\": 3}\n```");
    var ctx = new FakeNodeContext("llm", """
        {"model": "qwen", "prompt": "提取", "json": true}""");

    NodeResult result = node.execute(ctx);

    assertThat(models.requests.getFirst().jsonObject()).isTrue();
    assertThat(result.outputs().get("json")).isEqualTo(Map.of("city", "京州", "days", 3));
    assertThat(node.outputs(ctx.node())).containsEntry("json", VarType.OBJECT).containsEntry("text", VarType.STRING);

    models.answer("不是 JSON");
    assertThatThrownBy(() -> node.execute(ctx)).isInstanceOf(NodeFailure.class)
        .hasFieldOrPropertyWithValue("code", "llm.invalid_json").hasFieldOrPropertyWithValue("retryable", true);
  }

  @Test
  void aGuardRefusalIsTheAnswerNotAFailure() {
    models.answer(r -> new ChatReply("抱歉，该问题涉及不当内容，我无法回答。", "content_filter", "qwen", 0, 0));
    var ctx = new FakeNodeContext("llm", """
        {"model": "qwen", "prompt": "x", "json": true}""");

    NodeResult result = node.execute(ctx);

    assertThat(result.outputs()).containsEntry("text", "抱歉，该问题涉及不当内容，我无法回答。")
        .containsEntry("json", Map.of());
    assertThat(result.details()).containsEntry("finish_reason", "content_filter");
  }

  @Test
  void gatewayFailuresBecomeNodeFailuresRetryableOnlyForLimitsAndServerErrors() {
    var ctx = new FakeNodeContext("llm", """
        {"model": "qwen", "prompt": "x"}""");
    models.answer(r -> {
      throw new ModelCallFailed(429, "rate_limit_exceeded", "over the limit");
    });
    assertThatThrownBy(() -> node.execute(ctx)).isInstanceOf(NodeFailure.class)
        .hasFieldOrPropertyWithValue("code", "llm.rate_limit_exceeded")
        .hasFieldOrPropertyWithValue("retryable", true);
    models.answer(r -> {
      throw new ModelCallFailed(404, "model_not_found", "no such model");
    });
    assertThatThrownBy(() -> node.execute(ctx)).isInstanceOf(NodeFailure.class)
        .hasFieldOrPropertyWithValue("code", "llm.model_not_found")
        .hasFieldOrPropertyWithValue("retryable", false);
    models.answer(r -> {
      throw new ModelCallFailed(503, "no_upstream", "down");
    });
    assertThatThrownBy(() -> node.execute(ctx)).hasFieldOrPropertyWithValue("retryable", true);
  }

  @Test
  void aCancelledRunStopsTheStream() {
    models.answer("很长的回答");
    var ctx = new FakeNodeContext("llm", """
        {"model": "qwen", "prompt": "x"}""");
    ctx.cancel();
    assertThatThrownBy(() -> node.execute(ctx)).isInstanceOf(NodeFailure.class)
        .hasFieldOrPropertyWithValue("code", "llm.cancelled");
    assertThat(ctx.emitted()).isEmpty();
  }

  @Test
  void validationNamesEachBadField() {
    var v = new RecordingValidation();
    node.validate(new FakeNodeContext("llm", """
        {"prompt": "", "temperature": 3, "max_tokens": 0, "memory": {"turns": 99}, "json": "yes",
         "system": 5}""").node(), v);
    assertThat(v.errors).containsOnlyKeys("config.model", "config.prompt", "config.temperature",
        "config.max_tokens", "config.memory.turns", "config.json", "config.system");

    var ok = new RecordingValidation();
    node.validate(new FakeNodeContext("llm", """
        {"model": "qwen", "prompt": "{{sys.query}}", "temperature": "{{env.T}}", "memory": {"turns": 3}}""").node(),
        ok);
    assertThat(ok.errors).isEmpty();
  }
}
