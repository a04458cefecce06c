package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.assistant.AssistantChecks;
import io.jingzhi.agent.assistant.AssistantCompiler;
import io.jingzhi.agent.assistant.AssistantConfig;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ChatRequest;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drafts an app from a description in natural language: a chat model (JSON mode, through the gateway as the
 * caller) proposes an assistant form or a workflow definition, the engine checks it, and the problems go back to the
 * model once for a repair. Nothing is saved: the builder reviews the proposal and creates the app.
 */
@Service
public class NaturalLanguageDrafts {

  static final String SYSTEM = """
      你是京智平台的智能体应用设计助手。根据用户对应用的描述，设计一个应用，只输出一个 JSON 对象，不要输出其他文字。
      JSON 的字段：name（应用名称），type（assistant 或 workflow），notes（设计说明，简短），以及：
      - type 为 assistant（对话助手）时给出 assistant：{"model": "%1$s", "system_prompt": "...",
        "opening_statement": "...", "opening_questions": ["..."], "knowledge": {"bases": ["知识库编码"], "top_k": 5},
        "tools": [{"kind": "mcp", "server": "服务名", "tool": "工具名"}], "temperature": 0.3, "memory_turns": 3}
        不需要的字段可省略；
      - type 为 workflow（工作流）时给出 definition：{"format": "jingzhi-workflow/1", "nodes": [...], "edges": [...]}，
        节点 {"id": "小写字母开头", "type": "start|llm|knowledge|if_else|template|http|mcp|database|code|answer|end",
        "title": "...", "config": {...}}，边 {"source": "节点id", "target": "节点id"}；恰好一个 start 节点，至少一个
        answer 或 end 节点；配置中的字符串可用 {{节点id.输出}} 或 {{sys.query}} 引用上游结果；llm 节点配置
        {"model": "%1$s", "system": "...", "prompt": "{{sys.query}}"}，输出 text；answer 节点配置 {"text": "{{llm.text}}"}。
      优先选择 assistant，只有需要多个步骤、分支或工具编排时才用 workflow。""";

  private final ModelClient models;
  private final DefinitionCodec codec;
  private final WorkflowChecks checks;
  private final AppAccess access;

  public NaturalLanguageDrafts(ModelClient models, DefinitionCodec codec, WorkflowChecks checks, AppAccess access) {
    this.models = models;
    this.codec = codec;
    this.checks = checks;
    this.access = access;
  }

  /** What to draft. */
  public record Request(String description, String type, String model, String project) {}

  /**
   * The proposal: valid when the engine found nothing wrong; {@code attempts} counts the model calls.
   * {@code assistant} (an {@link AssistantConfig}) and {@code definition} (a {@link WorkflowDefinition}) are declared
   * {@code Object} so the OpenAPI document describes them as any JSON.
   */
  public record Proposal(String name, String type, Object assistant, Object definition,
      String notes, boolean valid, List<FieldError> errors, int attempts) {}

  public Proposal draft(Caller caller, Request r) {
    caller.require(Permissions.AGENT_WRITE);
    if (r.description() == null || r.description().isBlank()) {
      throw ApiException.invalid("description", "required: what the app should do");
    }
    if (r.description().length() > 4000) {
      throw ApiException.invalid("description", "at most 4000 characters");
    }
    if (r.type() != null && !App.ASSISTANT.equals(r.type()) && !App.WORKFLOW.equals(r.type())) {
      throw ApiException.invalid("type", "assistant or workflow");
    }
    if (r.model() == null || r.model().isBlank()) {
      // The gateway offers no listing of the caller's chat models to other modules: the builder names one.
      throw ApiException.invalid("model", "required: the chat model that drafts the app (and that the app uses)");
    }
    if (r.project() != null && !r.project().isBlank()) {
      access.writableProject(caller, r.project());
    }
    String model = r.model().strip();
    List<ChatRequest.Message> messages = new ArrayList<>();
    messages.add(new ChatRequest.Message("system", SYSTEM.formatted(model)));
    messages.add(new ChatRequest.Message("user", r.description().strip() + (r.type() == null ? ""
        : "\n应用类型：" + r.type())));
    ChatReply first = models.chat(caller, new ChatRequest(model, messages, 0.2, 4000, true));
    Proposal proposal = evaluate(first.content(), model, r.type(), 1);
    if (proposal.valid()) {
      return proposal;
    }
    messages.add(new ChatRequest.Message("assistant", first.content() == null ? "" : first.content()));
    messages.add(new ChatRequest.Message("user", "这个方案有以下问题，请修正后只输出完整的 JSON 对象：\n"
        + proposal.errors().stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("\n"))));
    ChatReply second = models.chat(caller, new ChatRequest(model, messages, 0.2, 4000, true));
    return evaluate(second.content(), model, r.type(), 2);
  }

  /** Reads and checks one answer of the model. */
  Proposal evaluate(String answer, String model, String wantedType, int attempt) {
    JsonNode tree;
    try {
      tree = codec.readJson(strip(answer));
    } catch (JacksonException | IllegalArgumentException e) {
      return invalid(null, wantedType, "the model's answer is not a JSON object", attempt);
    }
    if (tree == null || !tree.isObject()) {
      return invalid(null, wantedType, "the model's answer is not a JSON object", attempt);
    }
    String name = tree.path("name").asString(null);
    String notes = tree.path("notes").asString(null);
    String type = tree.path("type").asString(tree.has("definition") ? App.WORKFLOW : App.ASSISTANT);
    if (!App.ASSISTANT.equals(type) && !App.WORKFLOW.equals(type)) {
      return invalid(name, wantedType, "type must be assistant or workflow, not " + type, attempt);
    }
    List<FieldError> errors = new ArrayList<>();
    AssistantConfig assistant = null;
    WorkflowDefinition definition = null;
    try {
      if (App.ASSISTANT.equals(type)) {
        JsonNode form = tree.path("assistant");
        if (form.isObject() && !form.hasNonNull("model")) {
          ((ObjectNode) form).put("model", model);
        }
        assistant = codec.assistant(form.isMissingNode() ? null : form, "assistant");
        errors.addAll(AssistantChecks.check(assistant));
        definition = AssistantCompiler.compile(assistant);
      } else {
        definition = codec.definition(tree.get("definition"), "definition");
      }
      if (errors.isEmpty()) {
        errors.addAll(checks.problems(definition, null));
      }
    } catch (AgentException e) {
      errors.addAll(e.fieldErrors().isEmpty() ? List.of(new FieldError("proposal", e.getMessage()))
          : e.fieldErrors());
    }
    if (name == null || name.isBlank()) {
      errors.add(new FieldError("name", "the proposal names no app"));
    }
    return new Proposal(name, type, assistant, definition, notes, errors.isEmpty(), errors, attempt);
  }

  private static Proposal invalid(String name, String type, String message, int attempt) {
    return new Proposal(name, type, null, null, null, false, List.of(new FieldError("proposal", message)), attempt);
  }

  /** Models sometimes wrap JSON in a Markdown fence even in JSON mode. */
  private static String strip(String answer) {
    if (answer == null) {
      throw new IllegalArgumentException("no answer");
    }
    String s = answer.strip();
    if (s.startsWith("```")) {
      s = s.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("```\\s*$", "");
    }
    return s;
  }
}
