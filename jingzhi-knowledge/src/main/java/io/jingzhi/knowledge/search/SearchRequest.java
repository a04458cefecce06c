package io.jingzhi.knowledge.search;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A search of the portal over every base the caller may read (docs/knowledge-api.md, Search portal).
 *
 * @param kbIds narrows the search to these bases; a base the caller may not read answers 404
 * @param sort relevance (default), newest, views or downloads
 * @param page 1-based page of documents
 */
public record SearchRequest(
    @NotBlank @Size(max = 2000) String query,
    @Size(max = 200) List<Long> kbIds,
    Filters filters,
    String sort,
    Integer page,
    Integer size) {

  /**
   * Document filters.
   *
   * @param effectiveOn an ISO date: documents in force on that day (effective_date ≤ day ≤ expiry_date)
   */
  public record Filters(String issuingUnit, String domain, String docType, String effectiveOn) {}
}
