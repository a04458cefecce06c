package io.jingzhi.knowledge.api;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.knowledge.base.KnowledgeBase;
import io.jingzhi.knowledge.base.KnowledgeBaseAccessPolicy;
import io.jingzhi.knowledge.base.KnowledgeBaseRepository;
import io.jingzhi.knowledge.document.DocumentRepository;
import io.jingzhi.knowledge.retrieval.RetrievalResult;
import io.jingzhi.knowledge.retrieval.RetrievedChunk;
import io.jingzhi.knowledge.retrieve.RetrieveRequest;
import io.jingzhi.knowledge.retrieve.RetrieveService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Retrieval for other modules (the agent's knowledge node): a base named by its code or its id, searched as the
 * caller through {@link RetrieveService}, so knowledge's own rules apply unchanged (the caller must be able to read
 * the base, else 404 {@code knowledge_base.not_found}; its retrieval defaults, dictionaries, rerank model and hit
 * counting). The hits come back with their document's title and the base's code.
 */
@Service
public class KnowledgeRetrieval {

  /**
   * One retrieval; null fields take the base's defaults.
   *
   * @param mode {@code hybrid}, {@code vector} or {@code fulltext}
   * @param rerank false skips the base's rerank model
   */
  public record Query(String query, Integer topK, Double scoreThreshold, String mode, Boolean rerank) {}

  /** One hit, best first within its base. */
  public record Passage(String text, double score, long chunkId, long documentId, String documentTitle, long kbId,
      String kbCode, String kbName, Map<String, String> metadata) {}

  private final KnowledgeBaseRepository bases;
  private final KnowledgeBaseAccessPolicy access;
  private final RetrieveService retrieve;
  private final DocumentRepository documents;

  public KnowledgeRetrieval(KnowledgeBaseRepository bases, KnowledgeBaseAccessPolicy access, RetrieveService retrieve,
      DocumentRepository documents) {
    this.bases = bases;
    this.access = access;
    this.retrieve = retrieve;
    this.documents = documents;
  }

  /**
   * The base a reference names, if the caller may read it: a code first, then (for digits) an id. A base the
   * caller may not read is answered like one that does not exist.
   */
  public Optional<Long> resolve(Caller caller, String codeOrId) {
    String ref = codeOrId == null ? "" : codeOrId.strip();
    Optional<KnowledgeBase> base = bases.findByCode(ref);
    if (base.isEmpty() && ref.matches("\\d{1,18}")) {
      base = bases.find(Long.parseLong(ref));
    }
    return base.filter(b -> access.mayRead(caller, b)).map(KnowledgeBase::id);
  }

  /** Retrieves from one base (its code or id) as the caller; 404 when it does not exist or is not readable. */
  public List<Passage> retrieve(Caller caller, String codeOrId, Query query) {
    String ref = codeOrId == null ? "" : codeOrId.strip();
    long kbId = resolve(caller, ref).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "knowledge_base.not_found",
        "No knowledge base '" + ref + "' you may read"));
    KnowledgeBase base = access.readable(caller, kbId);
    RetrievalResult result = retrieve.retrieve(caller, kbId, new RetrieveRequest(query.query(), query.topK(),
        query.mode(), null, query.scoreThreshold(), query.rerank(), null));
    Map<Long, String> titles = new HashMap<>();
    List<Passage> passages = new ArrayList<>(result.chunks().size());
    for (RetrievedChunk c : result.chunks()) {
      String title = titles.computeIfAbsent(c.documentId(), id -> documents.find(kbId, id)
          .map(d -> d.title() != null && !d.title().isBlank() ? d.title() : d.filename()).orElse(""));
      passages.add(new Passage(c.text(), c.score(), c.id(), c.documentId(), title, kbId, base.code(), base.name(),
          c.metadata() == null ? Map.of() : c.metadata()));
    }
    return passages;
  }
}
