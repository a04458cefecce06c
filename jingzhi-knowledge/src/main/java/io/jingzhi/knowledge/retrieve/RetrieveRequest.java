package io.jingzhi.knowledge.retrieve;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * A retrieval request (docs/knowledge-api.md, Retrieval); what it leaves out comes from the base's defaults.
 *
 * @param filters {@code {field: value | [values] | {from, to}}}
 * @param rerank false skips the base's rerank model for this request
 */
public record RetrieveRequest(
    @NotBlank @Size(max = 2000) String query,
    Integer topK,
    String mode,
    JsonNode filters,
    Double scoreThreshold,
    Boolean rerank,
    Context context) {

  /** Context expansion of this request. */
  public record Context(Integer neighbours, Boolean parent) {}
}
