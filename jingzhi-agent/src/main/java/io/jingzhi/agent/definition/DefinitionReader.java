package io.jingzhi.agent.definition;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.error.FieldError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Reads workflow definitions from JSON or YAML (text or tree) and writes them back, upgrading older formats on the
 * way in so stored app versions keep running. Broken text answers 400 {@code workflow.malformed}; a document of
 * the wrong shape 422 {@code workflow.invalid} naming the field; a format newer than this code 422
 * {@code workflow.unsupported_format}.
 */
@Component
public class DefinitionReader {

  private final JsonMapper json;
  private final YAMLMapper yaml;
  private final Map<String, FormatUpgrade> upgrades = new HashMap<>();

  /** A reader with the built-in upgrade chain. */
  public DefinitionReader() {
    this(List.of(new Format0Upgrade()));
  }

  /** A reader with the given upgrade steps, keyed by the format each step reads. */
  public DefinitionReader(List<FormatUpgrade> steps) {
    this.json = configure(JsonMapper.builder()).build();
    this.yaml = configure(YAMLMapper.builder()).build();
    for (FormatUpgrade step : steps) {
      if (upgrades.put(step.from(), step) != null) {
        throw new IllegalArgumentException("two upgrade steps read " + step.from());
      }
    }
  }

  private static <M extends ObjectMapper, B extends tools.jackson.databind.cfg.MapperBuilder<M, B>> B configure(
      B builder) {
    return builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL));
  }

  /** Reads JSON or YAML text (JSON when it starts with {@code {}, YAML otherwise). */
  public WorkflowDefinition read(String text) {
    return read(tree(text));
  }

  /** The raw document of JSON or YAML text, not yet upgraded. */
  public JsonNode tree(String text) {
    if (text == null || text.isBlank()) {
      throw new AgentException(HttpStatus.BAD_REQUEST, "workflow.malformed", "The definition is empty");
    }
    ObjectMapper mapper = text.stripLeading().startsWith("{") ? json : yaml;
    try {
      return mapper.readTree(text);
    } catch (StreamReadException e) {
      throw new AgentException(HttpStatus.BAD_REQUEST, "workflow.malformed",
          "The definition is not valid " + (mapper == json ? "JSON" : "YAML") + ": " + e.getOriginalMessage()
              + location(e));
    } catch (JacksonException e) {
      throw new AgentException(HttpStatus.BAD_REQUEST, "workflow.malformed",
          "The definition cannot be read: " + e.getOriginalMessage());
    }
  }

  /** Reads a document tree, upgrading it to the current format first. */
  public WorkflowDefinition read(JsonNode document) {
    if (!(document instanceof ObjectNode object)) {
      throw invalid("", "a definition is an object with nodes and edges");
    }
    ObjectNode current = upgrade(object.deepCopy());
    for (String list : List.of("nodes", "edges", "environment", "conversation_variables")) {
      JsonNode items = current.get(list);
      for (int i = 0; items != null && items.isArray() && i < items.size(); i++) {
        if (items.get(i).isNull()) {
          throw invalid(list + "[" + i + "]", "is empty");
        }
      }
    }
    try {
      return json.treeToValue(current, WorkflowDefinition.class);
    } catch (JacksonException e) {
      throw invalid(path(e), e.getOriginalMessage());
    }
  }

  /** The document upgraded to {@link WorkflowDefinition#CURRENT_FORMAT}, step by step. */
  ObjectNode upgrade(ObjectNode document) {
    ObjectNode doc = document;
    for (int guard = 0; guard <= upgrades.size(); guard++) {
      String format = formatOf(doc);
      if (WorkflowDefinition.CURRENT_FORMAT.equals(format)) {
        return doc;
      }
      FormatUpgrade step = upgrades.get(format);
      if (step == null) {
        throw new AgentException(HttpStatus.UNPROCESSABLE_CONTENT, "workflow.unsupported_format",
            "Definition format " + format + " is not supported here (this version reads up to "
                + WorkflowDefinition.CURRENT_FORMAT + ")",
            List.of(new FieldError("format", "unsupported format " + format)));
      }
      doc = step.upgrade(doc);
    }
    throw new IllegalStateException("format upgrade chain does not end at " + WorkflowDefinition.CURRENT_FORMAT);
  }

  private static String formatOf(ObjectNode doc) {
    JsonNode format = doc.get("format");
    return format == null || format.isNull() || format.asString().isBlank() ? Format0Upgrade.FORMAT_0
        : format.asString().strip();
  }

  /** The definition as a JSON tree (snake_case, nulls left out). */
  public JsonNode toTree(WorkflowDefinition definition) {
    return json.valueToTree(definition);
  }

  public String writeJson(WorkflowDefinition definition) {
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(definition);
  }

  public String writeYaml(WorkflowDefinition definition) {
    return yaml.writeValueAsString(definition);
  }

  private static AgentException invalid(String field, String message) {
    String name = field.isEmpty() ? "definition" : field;
    return new AgentException(HttpStatus.UNPROCESSABLE_CONTENT, "workflow.invalid",
        "The definition is not valid at " + name + ": " + message, List.of(new FieldError(name, message)));
  }

  /** {@code nodes[2].policy.retries} style path of a binding failure. */
  private static String path(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String location(StreamReadException e) {
    var loc = e.getLocation();
    return loc == null || loc.getLineNr() < 0 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }
}
