package io.jingzhi.agent.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/**
 * A tool as stored in a version of a server's tool list, and as the API shows it with the findings of
 * {@link ToolLinter} ({@code validation}, empty when the tool is well formed).
 */
public record McpToolInfo(String name, String title, String description, Map<String, Object> inputSchema,
    Map<String, Object> outputSchema, List<ToolLinter.Issue> validation) {

  public McpToolInfo {
    validation = validation == null ? List.of() : List.copyOf(validation);
  }

  static McpToolInfo of(McpSchema.Tool tool) {
    return new McpToolInfo(tool.name(), tool.title(), tool.description(), tool.inputSchema(), tool.outputSchema(),
        List.of());
  }

  McpToolInfo withValidation(List<ToolLinter.Issue> issues) {
    return new McpToolInfo(name, title, description, inputSchema, outputSchema, issues);
  }
}
