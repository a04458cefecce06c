package io.jingzhi.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.testing.FakeNodeContext;
import io.jingzhi.agent.testing.RecordingValidation;
import org.junit.jupiter.api.Test;

class McpNodeExecutorTest {

  private final McpNodeExecutor executor = new McpNodeExecutor(null);

  private RecordingValidation validate(String config) {
    var v = new RecordingValidation();
    executor.validate(new NodeSpec("m", "mcp", "m", FakeNodeContext.JSON.readTree(config), null, null), v);
    return v;
  }

  @Test
  void configNeedsServerAndToolAndAnObjectOfArguments() {
    assertThat(validate("{\"server\": \"jingzhi-tools\", \"tool\": \"calculator\", \"arguments\": {\"expression\":"
        + " \"{{start.q}}\"}}").errors).isEmpty();
    assertThat(validate("{\"server\": \"s\", \"tool\": \"t\", \"arguments\": \"{{start.args}}\"}").errors).isEmpty();
    assertThat(validate("{\"arguments\": [1], \"fail_on_tool_error\": \"yes\"}").errors)
        .containsOnlyKeys("config.server", "config.tool", "config.arguments", "config.fail_on_tool_error");
    // An absent config reads as an empty one (NodeSpec), so its required fields are named.
    assertThat(validate("null").errors).containsOnlyKeys("config.server", "config.tool");
  }

  @Test
  void outputsAreDeclaredWithTheirTypes() {
    assertThat(executor.outputs(null)).containsEntry("text", VarType.STRING)
        .containsEntry("content", VarType.ARRAY_OBJECT).containsEntry("structured", VarType.ANY)
        .containsEntry("is_error", VarType.BOOLEAN);
  }
}
