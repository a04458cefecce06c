package io.jingzhi.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.error.FieldError;
import org.junit.jupiter.api.Test;

class AppFileAndComponentsTest {

  private final DefinitionCodec codec = new DefinitionCodec(new io.jingzhi.agent.definition.DefinitionReader());

  @Test
  void readsAnAppFileAndNamesItsBadFields() {
    AppFile file = AppFile.read(codec.readYaml("""
        name: 助手
        assistant: {model: demo-chat}
        tags: [a, b]
        publish: true
        """), "app.yaml");
    assertThat(file.type()).as("assistant by its content").isEqualTo("assistant");
    assertThat(file.format()).isEqualTo(AppFile.FORMAT);
    assertThat(file.tags()).containsExactly("a", "b");
    assertThat(file.publish()).isTrue();

    assertThatThrownBy(() -> AppFile.read(codec.readYaml("""
        format: jingzhi-app/7
        type: robot
        sharing: world
        tags: x
        """), "app.yaml")).isInstanceOf(AgentException.class).satisfies(e -> assertThat(((AgentException) e)
        .fieldErrors().stream().map(FieldError::field)).containsExactlyInAnyOrder("format", "type", "name",
        "sharing", "tags"));
    assertThatThrownBy(() -> AppFile.read(codec.readYaml("name: x\ntype: workflow\n"), "app.yaml"))
        .isInstanceOf(AgentException.class).hasMessageContaining("definition");
  }

  @Test
  void findsTheComponentsOfMcpAgentAndDatabaseNodesInLoopBodiesToo() {
    var d = codec.definition(codec.readYaml("""
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start, config: {inputs: []}}
          - {id: t1, type: mcp, config: {server: tools, tool: current_time}}
          - {id: a1, type: agent, config: {tools: [{kind: mcp, server: tools, tool: calculator},
              {kind: mcp, server: other, tool: x}]}}
          - id: each
            type: loop
            config:
              items: "{{start.list}}"
              body:
                nodes:
                  - {id: q, type: database, config: {connection: stats, sql: select 1}}
                  - {id: skip, type: database, config: {connection: "{{env.CONN}}"}}
          - {id: answer, type: answer, config: {text: ok}}
        edges: []
        """), "definition");
    var refs = Components.referenced(d);
    assertThat(refs).extracting(r -> r.kind() + ":" + r.name()).containsExactly("mcp_server:tools",
        "mcp_server:other", "db_connection:stats");
    assertThat(refs.getFirst().tools()).containsExactly("current_time", "calculator");
    assertThat(refs.getFirst().nodes()).containsExactly("t1", "a1");
    assertThat(refs.get(2).nodes()).containsExactly("q");
    assertThat(new ComponentRef("mcp_server", "a/b c", null, null).entryName())
        .isEqualTo("components/mcp_server-a_b_c.json");
  }
}
