package io.jingzhi.agent.run;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.common.error.FieldError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the values a person submits to a human-input form against its fields (required, type, options, length);
 * every problem names {@code values.<field>}. Only declared fields are kept.
 */
final class HumanInputValues {

  private HumanInputValues() {}

  static Map<String, Object> check(JsonNode form, Map<String, Object> values, JsonMapper json) {
    Map<String, Object> in = values == null ? Map.of() : values;
    List<FieldError> errors = new ArrayList<>();
    Map<String, Object> accepted = new LinkedHashMap<>();
    JsonNode fields = form == null ? null : form.get("fields");
    List<String> declared = new ArrayList<>();
    if (fields != null && fields.isArray()) {
      for (JsonNode f : fields) {
        String name = f.path("name").asString();
        declared.add(name);
        String problem = problem(f, in.get(name));
        if (problem != null) {
          errors.add(new FieldError("values." + name, problem));
        } else if (in.containsKey(name) && in.get(name) != null) {
          accepted.put(name, in.get(name));
        } else if (f.hasNonNull("value")) {
          accepted.put(name, json.convertValue(f.get("value"), Object.class));
        }
      }
    }
    in.keySet().stream().filter(k -> !declared.contains(k))
        .forEach(k -> errors.add(new FieldError("values." + k, "is not a field of this form")));
    if (!errors.isEmpty()) {
      throw new AgentException(HttpStatus.UNPROCESSABLE_CONTENT, "run.input_invalid",
          "The submitted values do not fit the form: " + errors.getFirst().field() + " "
              + errors.getFirst().message(), errors);
    }
    return accepted;
  }

  private static String problem(JsonNode field, Object value) {
    boolean missing = value == null || (value instanceof String s && s.isBlank());
    if (missing) {
      return field.path("required").asBoolean(false) ? "is required" : null;
    }
    VarType type;
    try {
      type = field.hasNonNull("type") ? VarType.parse(field.get("type").asString()) : VarType.STRING;
    } catch (IllegalArgumentException e) {
      type = VarType.ANY;
    }
    boolean fits = switch (type) {
      case STRING, SECRET -> value instanceof String;
      case NUMBER -> value instanceof Number;
      case BOOLEAN -> value instanceof Boolean;
      case OBJECT -> value instanceof Map;
      case ARRAY_STRING, ARRAY_NUMBER, ARRAY_OBJECT, ARRAY_ANY -> value instanceof Collection;
      case ANY -> true;
    };
    if (!fits) {
      return "must be of type " + type.wire();
    }
    JsonNode options = field.get("options");
    if (options != null && options.isArray() && !options.isEmpty() && value instanceof String s
        && options.valueStream().noneMatch(o -> o.asString().equals(s))) {
      return "must be one of " + options.valueStream().map(JsonNode::asString).toList();
    }
    JsonNode max = field.get("max_length");
    if (max != null && max.isIntegralNumber() && value instanceof String s && s.length() > max.asInt()) {
      return "is longer than " + max.asInt() + " characters";
    }
    return null;
  }
}
