package io.jingzhi.agent.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.TokenUsage;
import io.jingzhi.agent.mcp.McpCallFailed;
import io.jingzhi.agent.mcp.McpTools;
import io.jingzhi.agent.testing.FakeNodeContext;
import io.jingzhi.agent.testing.RecordingValidation;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ToolCall;
import io.jingzhi.iam.api.Caller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.HttpStatus;

class AgentNodeTest {

  static final String CONFIG = """
      {"model": "qwen", "system": "你是办事助手", "prompt": "{{sys.query}}", "max_iterations": 2,
       "tools": [{"kind": "mcp", "server": "gov-tools", "tool": "weather.today"},
                 {"kind": "mcp", "server": "gov-tools", "tool": "holiday"}]}""";

  final List<String> called = new ArrayList<>();
  /** Fails the way the real {@link McpTools} does: {@link McpCallFailed} for unknown servers and broken calls. */
  final McpTools mcp = new McpTools(null, null, null, null) {
    @Override
    public List<Tool> tools(Caller caller, String server) {
      if (server.equals("forbidden")) {
        throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "no access to " + server);
      }
      if (!server.equals("gov-tools")) {
        throw new McpCallFailed("mcp.unknown_server", "no MCP server '" + server + "' is available to this app",
            false);
      }
      return List.of(new Tool(server, "weather.today", "今天的天气",
              FakeNodeContext.JSON.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")),
          new Tool(server, "holiday", "节假日", null));
    }

    @Override
    public Result call(Caller caller, String server, String tool, Map<String, Object> arguments, Duration timeout) {
      called.add(tool + arguments);
      if (tool.equals("holiday")) {
        throw new McpCallFailed("mcp.transport", "server down", true);
      }
      return new Result("京州 晴 25°C", List.of(), null, false);
    }
  };
  final FakeModelClient models = new FakeModelClient();
  final AgentNode node = new AgentNode(models, mcp, FakeNodeContext.JSON, properties());

  static AgentProperties properties() {
    return new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("jingzhi.agent",
        AgentProperties.class);
  }

  static ChatReply calls(ToolCall... calls) {
    return new ChatReply("", "tool_calls", "qwen", 20, 5, List.of(calls));
  }

  @Test
  void callsToolsUntilTheModelAnswersAndRecordsEveryStep() {
    models.answer(r -> calls(new ToolCall("c1", "weather_today", "{\"city\":\"京州\"}")))
        .answer("京州今天晴，25°C。");
    var ctx = new FakeNodeContext("agent", CONFIG).with("sys.query", "京州今天天气怎么样");

    NodeResult result = node.execute(ctx);

    assertThat(called).containsExactly("weather.today{city=京州}");
    var first = models.requests.getFirst();
    assertThat(first.tools()).hasSize(2);
    assertThat(first.tools().getFirst()).isEqualTo(Map.of("type", "function", "function", Map.of(
        "name", "weather_today", "description", "今天的天气",
        "parameters", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))))));
    var second = models.requests.get(1);
    assertThat(second.messages()).extracting(m -> m.role()).containsExactly("system", "user", "assistant", "tool");
    assertThat(second.messages().get(2).toolCalls()).extracting(ToolCall::id).containsExactly("c1");
    assertThat(second.messages().get(3).toolCallId()).isEqualTo("c1");
    assertThat(second.messages().get(3).content()).isEqualTo("京州 晴 25°C");
    assertThat(result.outputs()).containsEntry("text", "京州今天晴，25°C。");
    @SuppressWarnings("unchecked")
    var steps = (List<Map<String, Object>>) result.outputs().get("steps");
    assertThat(steps).singleElement().satisfies(s -> assertThat(s).containsEntry("server", "gov-tools")
        .containsEntry("tool", "weather.today").containsEntry("arguments", Map.of("city", "京州"))
        .containsEntry("result", "京州 晴 25°C").containsEntry("error", false));
    assertThat(result.details()).containsEntry("tool_calls", steps).containsEntry("model_calls", 2)
        .containsEntry("max_iterations_reached", false);
    assertThat(result.usage()).isEqualTo(new TokenUsage(30, 5 + "京州今天晴，25°C。".length()));
    assertThat(String.join("", ctx.emitted())).isEqualTo("京州今天晴，25°C。");
  }

  @Test
  void aFailingToolOrBadArgumentsGoBackToTheModelAsErrorsAndTheTurnsAreCapped() {
    models.answer(r -> calls(new ToolCall("c1", "holiday", "{}"), new ToolCall("c2", "weather_today", "{oops")))
        .answer(r -> calls(new ToolCall("c3", "nope", "{}")))
        .answer("我暂时查不到。");
    var ctx = new FakeNodeContext("agent", CONFIG).with("sys.query", "放假吗");

    NodeResult result = node.execute(ctx);

    @SuppressWarnings("unchecked")
    var steps = (List<Map<String, Object>>) result.outputs().get("steps");
    assertThat(steps).extracting(s -> s.get("error")).containsExactly(true, true, true);
    assertThat(steps.get(0).get("result")).isEqualTo("server down");
    assertThat(called).containsExactly("holiday{}");
    assertThat(models.requests.get(1).messages().get(3).content()).isEqualTo("ERROR: server down");
    assertThat(models.requests).hasSize(3);
    assertThat(models.requests.get(2).tools()).as("the last turn may only answer").isEmpty();
    assertThat(result.details()).containsEntry("max_iterations_reached", true);
    assertThat(result.outputs()).containsEntry("text", "我暂时查不到。");
  }

  @Test
  void aToolThatCannotBeFoundFailsTheNode() {
    var ctx = new FakeNodeContext("agent", """
        {"model": "qwen", "prompt": "x", "tools": [{"kind": "mcp", "server": "gov-tools", "tool": "gone"}]}""");
    assertThatThrownBy(() -> node.execute(ctx)).isInstanceOf(NodeFailure.class)
        .hasFieldOrPropertyWithValue("code", "agent.tool_unavailable");
    var other = new FakeNodeContext("agent", """
        {"model": "qwen", "prompt": "x", "tools": [{"kind": "mcp", "server": "elsewhere", "tool": "t"}]}""");
    assertThatThrownBy(() -> node.execute(other)).isInstanceOf(NodeFailure.class)
        .hasFieldOrPropertyWithValue("code", "agent.tool_unavailable").hasMessageContaining("no MCP server");
    var refused = new FakeNodeContext("agent", """
        {"model": "qwen", "prompt": "x", "tools": [{"kind": "mcp", "server": "forbidden", "tool": "t"}]}""");
    assertThatThrownBy(() -> node.execute(refused)).isInstanceOf(NodeFailure.class)
        .hasFieldOrPropertyWithValue("code", "agent.tool_unavailable");
    assertThat(models.requests).isEmpty();
  }

  @Test
  void validationNamesBadTools() {
    var v = new RecordingValidation();
    node.validate(new FakeNodeContext("agent", """
        {"model": "qwen", "prompt": "x", "max_iterations": 50,
         "tools": [{"kind": "http", "server": "s", "tool": "t"}, {"kind": "mcp", "tool": ""}]}""").node(), v);
    assertThat(v.errors).containsOnlyKeys("config.max_iterations", "config.tools[0].kind", "config.tools[1].server",
        "config.tools[1].tool");
  }
}
