package io.jingzhi.agent.mcp;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.util.ToolNameValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Static checks of a server's tools, shown with each tool: a model can only call a tool well when its name is
 * well formed and unique, it says what it does, and its input schema is a valid JSON Schema object whose required
 * fields exist.
 */
public final class ToolLinter {

  /** One finding: {@code level} is {@code error} (calls will likely fail) or {@code warning}. */
  public record Issue(String level, String field, String message) {}

  private final JsonSchemaValidator validator;

  public ToolLinter(JsonSchemaValidator validator) {
    this.validator = validator;
  }

  /** The tools with their findings. */
  public List<McpToolInfo> lint(List<McpToolInfo> tools) {
    Map<String, Integer> counts = new HashMap<>();
    tools.forEach(t -> counts.merge(String.valueOf(t.name()), 1, Integer::sum));
    return tools.stream().map(t -> t.withValidation(issues(t, counts.get(String.valueOf(t.name())) > 1))).toList();
  }

  List<Issue> issues(McpToolInfo tool, boolean duplicate) {
    List<Issue> issues = new ArrayList<>();
    try {
      ToolNameValidator.validate(tool.name(), true);
    } catch (RuntimeException e) {
      issues.add(error("name", e.getMessage()));
    }
    if (duplicate) {
      issues.add(error("name", "another tool of this server has the same name"));
    }
    if (tool.description() == null || tool.description().isBlank()) {
      issues.add(new Issue("warning", "description", "no description: models choose and fill tools by it"));
    }
    schema(tool.inputSchema(), issues);
    return issues;
  }

  private void schema(Map<String, Object> schema, List<Issue> issues) {
    if (schema == null) {
      issues.add(error("input_schema", "missing"));
      return;
    }
    if (!"object".equals(schema.get("type"))) {
      issues.add(error("input_schema.type", "must be \"object\", not " + schema.get("type")));
    }
    Object properties = schema.get("properties");
    if (properties != null && !(properties instanceof Map)) {
      issues.add(error("input_schema.properties", "must be an object"));
    }
    Object required = schema.get("required");
    if (required != null) {
      if (!(required instanceof List<?> names)) {
        issues.add(error("input_schema.required", "must be an array of property names"));
      } else {
        Map<?, ?> props = properties instanceof Map<?, ?> m ? m : Map.of();
        for (Object name : names) {
          if (!(name instanceof String) || !props.containsKey(name)) {
            issues.add(error("input_schema.required", "'" + name + "' is required but not among the properties"));
          }
        }
      }
    }
    try {
      var response = validator.validateSchema(schema);
      if (!response.valid()) {
        issues.add(error("input_schema", "not a valid JSON Schema: " + response.errorMessage()));
      }
    } catch (RuntimeException e) {
      issues.add(error("input_schema", "not a valid JSON Schema: " + e.getMessage()));
    }
  }

  private static Issue error(String field, String message) {
    return new Issue("error", field, message);
  }
}
