package io.jingzhi.agent.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A declared variable: an input of the start node, an environment variable, a conversation variable, or a field of
 * a human-input form.
 *
 * @param value for environment variables, the value (a secret is written in clear on input and stored as
 *     {@code enc:...}); for the others, the default
 * @param options allowed values of a select field, empty for free input
 * @param maxLength longest text accepted for a string input, null for the engine's limit
 */
public record VariableSpec(String name, VarType type, String label, String description, boolean required,
    Object value, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> options, Integer maxLength) {

  public VariableSpec {
    options = options == null ? List.of() : List.copyOf(options);
  }
}
