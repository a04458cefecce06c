package io.jingzhi.knowledge.document;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A document of a knowledge base (docs/knowledge-api.md, Document).
 *
 * @param status pending, processing, ready or failed
 * @param source upload, url or jdbc
 * @param metadata the document's metadata as given (issuing_unit, domain, doc_type, doc_number, publish_date,
 *     effective_date, expiry_date, tags, ...)
 * @param duplicateOf for a document whose content another document of the base already has, that one's id
 */
public record Document(long id, long kbId, long tenantId, String filename, String title, String format,
    String mediaType, long sizeBytes, String contentHash, String source, String sourceRef, String status,
    int chunkCount, String error, String errorCode, JsonNode metadata, Integer qualityScore, int pageCount,
    Long duplicateOf, long views, long downloads, long createdBy, Instant createdAt, Instant updatedAt) {

  public static final String PENDING = "pending";
  public static final String PROCESSING = "processing";
  public static final String READY = "ready";
  public static final String FAILED = "failed";
}
