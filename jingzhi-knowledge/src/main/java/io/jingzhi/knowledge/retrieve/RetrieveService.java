package io.jingzhi.knowledge.retrieve;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.knowledge.base.BaseSettings;
import io.jingzhi.knowledge.base.KnowledgeBase;
import io.jingzhi.knowledge.base.KnowledgeBaseAccessPolicy;
import io.jingzhi.knowledge.base.RetrievalDefaults;
import io.jingzhi.knowledge.document.DocumentRepository;
import io.jingzhi.knowledge.retrieval.DictionarySource;
import io.jingzhi.knowledge.retrieval.QueryDictionary;
import io.jingzhi.knowledge.retrieval.RetrievalRequest;
import io.jingzhi.knowledge.retrieval.RetrievalResult;
import io.jingzhi.knowledge.retrieval.RetrievedChunk;
import io.jingzhi.knowledge.retrieval.Retriever;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retrieval from one knowledge base over the retrieval engine ({@link Retriever}): the caller must be able to read
 * the base; the base's retrieval defaults are merged with the request; the query is embedded with the base's model
 * and reranked with its rerank model through the gateway as the caller (so the caller's model access, limits and
 * metering apply); the dictionaries linked to the base expand the query; every document returned counts a hit.
 */
@Service
public class RetrieveService {

  private final KnowledgeBaseAccessPolicy access;
  private final BaseSettings settings;
  private final ModelClient models;
  private final Retriever retriever;
  private final ObjectProvider<DictionarySource> dictionaries;
  private final DocumentRepository documents;
  private final Clock clock;

  public RetrieveService(KnowledgeBaseAccessPolicy access, BaseSettings settings, ModelClient models,
      Retriever retriever, ObjectProvider<DictionarySource> dictionaries, DocumentRepository documents,
      Clock clock) {
    this.access = access;
    this.settings = settings;
    this.models = models;
    this.retriever = retriever;
    this.dictionaries = dictionaries;
    this.documents = documents;
    this.clock = clock;
  }

  @Transactional
  public RetrievalResult retrieve(Caller caller, long kbId, RetrieveRequest q) {
    KnowledgeBase base = access.readable(caller, kbId);
    RetrievalDefaults r = settings.forRequest(base.retrieval(), overlay(q));
    var mode = RetrievalRequest.Mode.parse(r.mode());
    if (mode != RetrievalRequest.Mode.FULLTEXT && base.embeddingDimension() == 0) {
      throw ApiException.conflict("knowledge_base.not_ready", "Knowledge base " + base.name()
          + " does not know its embedding dimension yet: its first ingestion job learns it");
    }
    if (mode != RetrievalRequest.Mode.FULLTEXT && base.vectorsStale()) {
      // A query embedded by the new model cannot be compared with the old model's vectors.
      throw ApiException.conflict("knowledge_base.rebuilding", "Knowledge base " + base.name()
          + " is being re-embedded with " + base.embeddingModel() + "; full-text search works meanwhile");
    }
    var fusion = "weighted".equals(r.fusion()) ? RetrievalRequest.Fusion.weighted(r.vectorWeight().floatValue())
        : RetrievalRequest.Fusion.rrf(60, r.vectorWeight().floatValue());
    if (Boolean.TRUE.equals(q.rerank()) && r.rerankModel() == null) {
      throw ApiException.invalid("rerank", "knowledge base " + base.name() + " has no rerank model; set its"
          + " retrieval.rerank_model first");
    }
    boolean rerank = r.rerankModel() != null && !Boolean.FALSE.equals(q.rerank());
    if (!rerank && r.scoreThreshold() != null && (r.scoreThreshold() < 0 || r.scoreThreshold() > 1)) {
      // Without a rerank model every score is 0–1: a threshold outside would drop everything or nothing.
      throw ApiException.invalid("score_threshold", "between 0 and 1 without rerank (scores are 0–1), got "
          + r.scoreThreshold());
    }
    RetrievalRequest request = new RetrievalRequest(Set.of(kbId), q.query().strip(), mode, r.topK(),
        Filters.read(q.filters()), r.scoreThreshold() == null ? null : r.scoreThreshold().floatValue(), fusion,
        false, new RetrievalRequest.Context(r.context().neighbours(), r.context().parent()), dictionary(kbId),
        text -> models.embed(caller, base.embeddingModel(), List.of(text)).getFirst(),
        rerank ? (query, texts) -> models.rerank(caller, r.rerankModel(), query, texts).stream()
            .map(Double::floatValue).toList() : null);
    RetrievalResult result = retriever.retrieve(request);
    Set<Long> hitDocuments = new LinkedHashSet<>();
    result.chunks().stream().map(RetrievedChunk::documentId).forEach(hitDocuments::add);
    documents.hits(kbId, base.tenantId(), hitDocuments, clock.instant());
    return result;
  }

  private static RetrievalDefaults overlay(RetrieveRequest q) {
    var c = q.context() == null ? null : new RetrievalDefaults.Context(q.context().neighbours(), q.context().parent());
    return new RetrievalDefaults(q.mode(), q.topK(), q.scoreThreshold(), null, null, null, c);
  }

  /** The entries of every dictionary linked to the base (none when no dictionary feature is installed). */
  private QueryDictionary dictionary(long kbId) {
    List<QueryDictionary.Entry> entries = new ArrayList<>();
    dictionaries.orderedStream().forEach(d -> entries.addAll(d.forBases(List.of(kbId)).entries()));
    return new QueryDictionary(entries);
  }
}
