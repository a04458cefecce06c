package io.jingzhi.agent.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.assistant.AssistantConfig;
import io.jingzhi.agent.definition.DefinitionReader;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.common.error.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and writes workflow definitions and assistant forms as the apps feature stores, exports and imports them
 * (snake_case JSON in the database, YAML in app files). Every definition read here passes through one method,
 * {@link #definition(JsonNode, String)}, the place where older formats are upgraded by the engine's definition
 * reader.
 */
@Component
public class DefinitionCodec {

  private final JsonMapper json;
  private final YAMLMapper yaml;
  private final DefinitionReader reader;

  public DefinitionCodec(DefinitionReader reader) {
    this.reader = reader;
    // Absent booleans (a variable's "required") read as false, as the format documents.
    this.json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL)).build();
    this.yaml = YAMLMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL)).build();
  }

  /**
   * A definition from its JSON tree, read (and upgraded from older formats) by the engine's reader; {@code field}
   * names where it came from, and prefixes the field errors of the reader ({@code definition.nodes[2].policy}).
   */
  public WorkflowDefinition definition(JsonNode tree, String field) {
    if (tree == null || tree.isNull() || tree.isMissingNode()) {
      throw unreadable(field, "required: a workflow definition");
    }
    if (!tree.isObject()) {
      throw unreadable(field, "must be an object with nodes and edges");
    }
    try {
      return reader.read(tree);
    } catch (AgentException e) {
      throw prefixed(field, e);
    }
  }

  /** A stored definition (JSON text written by {@link #write}). */
  public WorkflowDefinition definition(String stored) {
    return definition(json.readTree(stored), "definition");
  }

  public AssistantConfig assistant(JsonNode tree, String field) {
    if (tree == null || tree.isNull() || tree.isMissingNode()) {
      throw unreadable(field, "required: the assistant's settings");
    }
    if (!tree.isObject()) {
      throw unreadable(field, "must be an object");
    }
    try {
      return json.treeToValue(tree, AssistantConfig.class);
    } catch (DatabindException e) {
      throw unreadable(field + pathOf(e), e.getOriginalMessage());
    } catch (JacksonException e) {
      throw unreadable(field, e.getMessage());
    }
  }

  public AssistantConfig assistant(String stored) {
    return stored == null ? null : assistant(json.readTree(stored), "assistant");
  }

  public String write(Object value) {
    return json.writeValueAsString(value);
  }

  public JsonNode tree(Object value) {
    return json.valueToTree(value);
  }

  public JsonNode readJson(String text) {
    return json.readTree(text);
  }

  /** YAML or JSON text (YAML is a superset) as a tree. */
  public JsonNode readYaml(String text) {
    return yaml.readTree(text);
  }

  public String writeYaml(Object value) {
    return yaml.writeValueAsString(value);
  }

  private static String pathOf(DatabindException e) {
    StringBuilder path = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        path.append('.').append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** The reader's failure with its field errors placed under {@code field} (the reader names "definition" itself). */
  private static AgentException prefixed(String field, AgentException e) {
    if (e.fieldErrors().isEmpty()) {
      return e;
    }
    List<FieldError> errors = e.fieldErrors().stream().map(f -> new FieldError(
        f.field() == null || f.field().isEmpty() || f.field().equals("definition") ? field : field + "." + f.field(),
        f.message())).toList();
    FieldError first = errors.getFirst();
    // An unsupported format keeps the reader's explanation (which formats this version reads).
    String detail = "workflow.invalid".equals(e.code()) ? first.field() + ": " + first.message() : e.getMessage();
    return new AgentException(e.status(), e.code(), detail, errors);
  }

  private static AgentException unreadable(String field, String message) {
    return new AgentException(HttpStatus.UNPROCESSABLE_CONTENT, "workflow.invalid", field + ": " + message,
        List.of(new FieldError(field, message)));
  }
}
