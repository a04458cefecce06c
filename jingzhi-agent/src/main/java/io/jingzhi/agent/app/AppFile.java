package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.error.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * The app file ({@code app.yaml}, docs/agent-workflow.md "App files and archives"): an app's catalog facts with its
 * assistant form or workflow definition. Exports write it (secrets emptied), imports and the bootstrap read it;
 * {@code publish} matters to the bootstrap only.
 */
public record AppFile(String format, String code, String name, String type, String description, List<String> tags,
    String icon, String sharing, JsonNode assistant, JsonNode definition, boolean publish) {

  public static final String FORMAT = "jingzhi-app/1";

  /** Reads a parsed file; problems name the file's fields (422 {@code app_file.invalid}). */
  public static AppFile read(JsonNode tree, String source) {
    List<FieldError> problems = new ArrayList<>();
    if (tree == null || !tree.isObject()) {
      throw new AgentException(HttpStatus.UNPROCESSABLE_CONTENT, "app_file.invalid",
          source + " must be a mapping of the app's fields", List.of(new FieldError(source, "not a mapping")));
    }
    String format = text(tree, "format");
    if (format != null && !format.equals(FORMAT)) {
      problems.add(new FieldError("format", "unknown app file format " + format + " (this platform reads "
          + FORMAT + ")"));
    }
    String type = text(tree, "type");
    if (type == null && tree.has("assistant")) {
      type = App.ASSISTANT;
    } else if (type == null) {
      type = App.WORKFLOW;
    }
    if (!App.ASSISTANT.equals(type) && !App.WORKFLOW.equals(type)) {
      problems.add(new FieldError("type", "assistant or workflow"));
    }
    String name = text(tree, "name");
    if (name == null || name.isBlank()) {
      problems.add(new FieldError("name", "required"));
    }
    String sharing = text(tree, "sharing");
    if (sharing != null && !List.of("private", "org", "global").contains(sharing)) {
      problems.add(new FieldError("sharing", "private, org or global"));
    }
    List<String> tags = new ArrayList<>();
    JsonNode t = tree.path("tags");
    if (!t.isMissingNode() && !t.isArray()) {
      problems.add(new FieldError("tags", "must be a list"));
    }
    t.forEach(tag -> tags.add(tag.asString("")));
    if (App.ASSISTANT.equals(type) && !tree.path("assistant").isObject()) {
      problems.add(new FieldError("assistant", "required for an assistant app"));
    }
    if (App.WORKFLOW.equals(type) && !tree.path("definition").isObject()) {
      problems.add(new FieldError("definition", "required for a workflow app"));
    }
    if (!problems.isEmpty()) {
      throw new AgentException(HttpStatus.UNPROCESSABLE_CONTENT, "app_file.invalid", source + ": "
          + problems.getFirst().field() + ": " + problems.getFirst().message(), problems);
    }
    return new AppFile(format == null ? FORMAT : format, text(tree, "code"), name.strip(), type,
        text(tree, "description"), tags, text(tree, "icon"), sharing, tree.get("assistant"), tree.get("definition"),
        tree.path("publish").asBoolean(false));
  }

  /** The file's content in key order, for writing. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("code", code);
    m.put("name", name);
    m.put("type", type);
    if (description != null) {
      m.put("description", description);
    }
    m.put("tags", tags);
    if (icon != null) {
      m.put("icon", icon);
    }
    m.put("sharing", sharing);
    if (assistant != null) {
      m.put("assistant", assistant);
    }
    if (definition != null) {
      m.put("definition", definition);
    }
    return m;
  }

  private static String text(JsonNode tree, String field) {
    JsonNode n = tree.get(field);
    return n == null || n.isNull() ? null : n.asString();
  }
}
