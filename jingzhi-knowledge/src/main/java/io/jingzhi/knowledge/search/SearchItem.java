package io.jingzhi.knowledge.search;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One document found by the portal's search: the best-matching chunk's highlight and score, the document's metadata
 * and validity, and its counters.
 *
 * @param status valid, expired, superseded or unknown (see {@link Validity})
 * @param source how the document came in: upload, url or jdbc
 * @param chunkId the best-matching chunk
 */
public record SearchItem(long documentId, long kbId, String kbName, String title, String filename, String highlight,
    double score, JsonNode metadata, String ownerOrg, String status, long views, long downloads, Instant updatedAt,
    String source, long chunkId, Instant createdAt) {}
