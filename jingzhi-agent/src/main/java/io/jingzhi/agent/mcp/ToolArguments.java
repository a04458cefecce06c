package io.jingzhi.agent.mcp;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;

/**
 * Checks call arguments against a tool's input schema before the call leaves the platform (required fields, types,
 * and the rest of JSON Schema), with the SDK's validator: a wrong argument is reported at once and clearly, not as
 * whatever the remote server makes of it.
 */
public final class ToolArguments {

  private final JsonSchemaValidator validator;

  public ToolArguments(JsonSchemaValidator validator) {
    this.validator = validator;
  }

  /** Null when the arguments fit the schema; otherwise what is wrong. */
  public String problem(Map<String, Object> schema, Map<String, Object> arguments) {
    if (schema == null || schema.isEmpty()) {
      return null;
    }
    try {
      var response = validator.validate(schema, arguments == null ? Map.of() : arguments);
      return response.valid() ? null : response.errorMessage();
    } catch (RuntimeException e) {
      // A schema the validator cannot read cannot refuse anything; the linter reports it on the tool.
      return null;
    }
  }
}
