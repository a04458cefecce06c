package io.jingzhi.agent.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.RunInfo;
import io.jingzhi.agent.engine.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CodeExecutorTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static CodeSandbox sandbox;
  static CodeExecutor executor;

  @BeforeAll
  static void start() {
    sandbox = new CodeSandbox(TestProperties.withCode(Duration.ofSeconds(60), DataSize.ofMegabytes(64)));
    executor = new CodeExecutor(sandbox, JSON);
  }

  @AfterAll
  static void stop() {
    sandbox.destroy();
  }

  static NodeSpec node(String config) {
    return new NodeSpec("calc", "code", "计算", JSON.readTree(config), null, null);
  }

  @Test
  void outputsAreTheDeclaredFieldsOfWhatMainReturns() throws Exception {
    NodeSpec node = node("""
        {"code": "function main(i) { return {count: i.rows.length, names: i.rows.map(r => r.name), extra: 1}; }",
         "inputs": {"rows": "{{db.rows}}"}, "outputs": {"count": "number", "names": "array[string]"}}""");
    assertThat(executor.outputs(node)).containsExactly(Map.entry("count", VarType.NUMBER),
        Map.entry("names", VarType.ARRAY_STRING));
    var result = executor.execute(context(node, Map.of("db.rows", List.of(Map.of("name", "海淀"),
        Map.of("name", "朝阳")))));
    assertThat(result.outputs()).containsEntry("count", 2).containsEntry("names", List.of("海淀", "朝阳"))
        .doesNotContainKey("extra");
  }

  @Test
  void anOutputOfTheWrongTypeFailsTheNodeNamingTheOutput() {
    NodeSpec node = node("""
        {"code": "function main() { return {count: 'two'}; }", "outputs": {"count": "number"}}""");
    assertThatThrownBy(() -> executor.execute(context(node, Map.of())))
        .isInstanceOf(NodeFailure.class).hasMessageContaining("count").hasMessageContaining("number");
  }

  @Test
  void validationNamesTheFieldAtFault() {
    List<String> problems = new ArrayList<>();
    Validation v = new Validation() {
      @Override
      public void error(String field, String message) {
        problems.add(field + ": " + message);
      }

      @Override
      public Optional<VarType> typeOf(String selector) {
        return Optional.empty();
      }
    };
    executor.validate(node("""
        {"language": "python", "code": "function main( {", "outputs": {"1bad": "number", "ok": "decimal"}}"""), v);
    assertThat(problems).anyMatch(p -> p.startsWith("config.language"))
        .anyMatch(p -> p.startsWith("config.code: syntax error"))
        .anyMatch(p -> p.startsWith("config.outputs.1bad"))
        .anyMatch(p -> p.startsWith("config.outputs.ok: unknown type decimal"));
  }

  /** A context where references are looked up in a map (the engine resolves them for real). */
  static NodeContext context(NodeSpec node, Map<String, Object> values) {
    return new NodeContext() {
      @Override
      public NodeSpec node() {
        return node;
      }

      @Override
      public RunInfo run() {
        return new RunInfo(1, "app", 0, null, null, null, List.of(), 0);
      }

      @Override
      public Object value(String selector) {
        return values.get(selector);
      }

      @Override
      public String render(String template) {
        return template;
      }

      @Override
      public Object resolve(JsonNode value) {
        String text = value == null ? null : value.asString(null);
        if (text != null && text.startsWith("{{") && text.endsWith("}}")) {
          return values.get(text.substring(2, text.length() - 2));
        }
        return value == null ? null : JSON.convertValue(value, Object.class);
      }

      @Override
      public void emit(String delta) {}

      @Override
      public Duration timeLeft() {
        return Duration.ofSeconds(60);
      }

      @Override
      public boolean cancelled() {
        return false;
      }

      @Override
      public SubgraphResult runBody(String bodyOwnerId, Map<String, Object> scope) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
