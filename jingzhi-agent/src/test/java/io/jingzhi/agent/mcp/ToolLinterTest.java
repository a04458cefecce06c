package io.jingzhi.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolLinterTest {

  private final DefaultJsonSchemaValidator validator = new DefaultJsonSchemaValidator();
  private final ToolLinter linter = new ToolLinter(validator);

  private static McpToolInfo tool(String name, String description, Map<String, Object> schema) {
    return new McpToolInfo(name, null, description, schema, null, List.of());
  }

  private static List<String> fields(McpToolInfo t) {
    return t.validation().stream().map(ToolLinter.Issue::field).toList();
  }

  @Test
  void aWellFormedToolHasNoFindings() {
    var good = tool("get_weather", "天气", Map.of("type", "object", "properties", Map.of("city",
        Map.of("type", "string")), "required", List.of("city")));
    assertThat(linter.lint(List.of(good)).getFirst().validation()).isEmpty();
  }

  @Test
  void badNamesDuplicatesMissingDescriptionsAndBrokenSchemasAreReported() {
    var linted = linter.lint(List.of(
        tool("dup", "a", Map.of("type", "object")),
        tool("dup", "b", Map.of("type", "object")),
        tool("bad name!", "c", Map.of("type", "object")),
        tool("nodesc", " ", Map.of("type", "object")),
        tool("arr", "d", Map.of("type", "array")),
        tool("req", "e", Map.of("type", "object", "properties", Map.of("a", Map.of("type", "string")),
            "required", List.of("a", "b"))),
        tool("broken", "f", Map.of("type", "object", "properties", Map.of("a", Map.of("type", "strnig")))),
        tool("none", "g", null)));
    assertThat(fields(linted.get(0))).containsExactly("name");
    assertThat(fields(linted.get(1))).containsExactly("name");
    assertThat(fields(linted.get(2))).containsExactly("name");
    assertThat(linted.get(3).validation()).singleElement().satisfies(i -> {
      assertThat(i.field()).isEqualTo("description");
      assertThat(i.level()).isEqualTo("warning");
    });
    assertThat(fields(linted.get(4))).contains("input_schema.type");
    assertThat(linted.get(5).validation()).singleElement()
        .satisfies(i -> assertThat(i.message()).contains("'b' is required"));
    assertThat(fields(linted.get(6))).containsExactly("input_schema");
    assertThat(fields(linted.get(7))).containsExactly("input_schema");
  }

  @Test
  void argumentsAreCheckedAgainstTheSchemaForRequiredFieldsAndTypes() {
    var args = new ToolArguments(validator);
    Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"),
        "days", Map.of("type", "integer")), "required", List.of("city"));
    assertThat(args.problem(schema, Map.of("city", "北京", "days", 3))).isNull();
    assertThat(args.problem(schema, Map.of("days", 3))).contains("city");
    assertThat(args.problem(schema, Map.of("city", "北京", "days", "three"))).contains("days");
    assertThat(args.problem(null, Map.of("anything", 1))).isNull();
  }
}
