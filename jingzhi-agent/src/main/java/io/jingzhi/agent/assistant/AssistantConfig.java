package io.jingzhi.agent.assistant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The form of an assistant app (a chat app configured without a canvas): compiled by {@link AssistantCompiler}
 * into a workflow so that one engine runs both app types.
 *
 * @param model the chat model (name or alias of the gateway)
 * @param systemPrompt the instructions given to the model
 * @param openingStatement what the chat page shows before the first question (not sent to the model)
 * @param openingQuestions suggested first questions shown by the chat page
 * @param knowledge the knowledge bases to answer from; null for none
 * @param tools MCP tools the model may call; any tool turns the model step into an agent (function calling)
 * @param temperature sampling temperature, null for the model's default
 * @param memoryTurns earlier turns of the conversation given to the model (0 for none)
 */
public record AssistantConfig(String model, String systemPrompt, String openingStatement,
    List<String> openingQuestions, Knowledge knowledge, List<ToolRef> tools, Double temperature,
    Integer memoryTurns) {

  public AssistantConfig {
    openingQuestions = openingQuestions == null ? List.of() : List.copyOf(openingQuestions);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  /**
   * Retrieval settings.
   *
   * @param bases knowledge base codes (or ids)
   * @param mode {@code hybrid}, {@code vector} or {@code fulltext}; null for the bases' defaults
   */
  public record Knowledge(List<String> bases, Integer topK, Double scoreThreshold, String mode) {

    public Knowledge {
      bases = bases == null ? List.of() : List.copyOf(bases);
    }
  }

  /** One tool: {@code kind} is {@code mcp}; {@code server} a registered MCP server's name, {@code tool} its tool. */
  public record ToolRef(String kind, String server, String tool) {}

  /** True when the assistant answers from knowledge bases. */
  @JsonIgnore
  public boolean usesKnowledge() {
    return knowledge != null && !knowledge.bases().isEmpty();
  }
}
