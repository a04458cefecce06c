package io.jingzhi.knowledge.base;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A knowledge base as stored and as the API shows it.
 *
 * @param project the owning project's code (same as {@code projectCode}, the input's name for it)
 * @param sharing private (the owning project's org and its sub-orgs, and the tenant's top org), org (the whole
 *     tenant), global (every tenant), orgs (private plus the named orgs and their sub-orgs, in any tenant)
 * @param chunking the base's ChunkingSettings as JSON (defaults filled in)
 * @param cleaning the base's CleaningOptions as JSON (defaults filled in)
 * @param vectorsModel the embedding model the stored vectors come from; a rebuild re-embeds when it differs
 */
public record KnowledgeBase(long id, String code, String name, String description, String project, long projectId,
    String projectCode, long orgId, long tenantId, String group, String sharing, List<Long> sharedOrgIds,
    String embeddingModel, int embeddingDimension, JsonNode chunking, RetrievalDefaults retrieval,
    List<Long> dictionaryIds, long documentCount, long chunkCount, Instant createdAt, Instant updatedAt,
    long createdBy, @JsonIgnore String vectorsModel, JsonNode cleaning) {

  public KnowledgeBaseAccess.KnowledgeBaseRef ref() {
    return new KnowledgeBaseAccess.KnowledgeBaseRef(id, code, name, tenantId, orgId, projectId, embeddingModel);
  }

  /** True when the stored vectors were made by another model than the base's (a rebuild re-embeds). */
  @JsonIgnore
  public boolean vectorsStale() {
    return vectorsModel != null && !vectorsModel.equals(embeddingModel);
  }
}
