package io.jingzhi.knowledge.base;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What creates or replaces a knowledge base (docs/knowledge-api.md, KnowledgeBaseInput). */
public record KnowledgeBaseInput(
    @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}", message = "letters, digits, _ . - (max 64)") String code,
    @NotBlank @Size(max = 200) String name,
    @Size(max = 2000) String description,
    @Size(max = 64) String project,
    @Size(max = 100) String group,
    @Pattern(regexp = "private|org|global|orgs", message = "private, org, global or orgs") String sharing,
    @Size(max = 100) List<Long> sharedOrgIds,
    @Size(max = 128) String embeddingModel,
    JsonNode chunking,
    RetrievalDefaults retrieval,
    @Size(max = 100) List<Long> dictionaryIds,
    JsonNode cleaning) {}
