package io.jingzhi.knowledge.base;

import io.jingzhi.iam.api.Caller;

/**
 * The one place that decides who may read or change a knowledge base (tenant, sharing, permissions), for every
 * feature that hangs off a base (documents, chunks, retrieval, graph). A base the caller may not see answers 404;
 * one the caller may see but not change answers 403.
 */
public interface KnowledgeBaseAccess {

  /** The base, when the caller may read it ({@code kb:read} and the base is its tenant's or shared with it). */
  KnowledgeBaseRef requireReadable(Caller caller, long kbId);

  /** The base, when the caller may change it ({@code kb:write} and the base belongs to the caller's tenant). */
  KnowledgeBaseRef requireWritable(Caller caller, long kbId);

  /** Every base the caller may read (its tenant's by sharing, global ones, ones shared with its org): the search
   * portal searches these. */
  java.util.List<KnowledgeBaseRef> readableBases(Caller caller);

  /** The essentials of a base that other features need. */
  record KnowledgeBaseRef(long id, String code, String name, long tenantId, long orgId, long projectId,
      String embeddingModel) {}
}
