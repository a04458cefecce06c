package io.jingzhi.knowledge.search;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.gateway.api.ModelCallFailed;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.knowledge.base.KnowledgeBaseAccess;
import io.jingzhi.knowledge.base.KnowledgeBaseAccess.KnowledgeBaseRef;
import io.jingzhi.knowledge.base.KnowledgeBaseAccessPolicy;
import io.jingzhi.knowledge.document.DocumentRepository;
import io.jingzhi.knowledge.index.IndexHit;
import io.jingzhi.knowledge.index.IndexQuery;
import io.jingzhi.knowledge.index.IndexQuery.MetadataFilter;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import io.jingzhi.knowledge.index.lucene.ChineseAnalyzers;
import io.jingzhi.knowledge.retrieval.ChunkHighlighter;
import io.jingzhi.knowledge.retrieval.DictionaryExpansion;
import io.jingzhi.knowledge.retrieval.DictionarySource;
import io.jingzhi.knowledge.retrieval.QueryDictionary;
import io.jingzhi.knowledge.search.SearchRepository.Doc;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The portal's one search over every base the caller may read: full text over all of them at once, vectors once
 * per embedding model (bases sharing a model share one query embedding, made through the gateway as the caller),
 * fused by rank and aggregated to documents, filtered on the documents' metadata, sorted and paged, and a retrieval
 * hit counted for every document shown.
 */
@Service
public class KnowledgeSearchService {

  private static final Logger log = LoggerFactory.getLogger(KnowledgeSearchService.class);

  static final Set<String> SORTS = Set.of("relevance", "newest", "views", "downloads");
  /** The most documents one search ranks (pages beyond it are empty): a portal user reads the first few pages. */
  static final int POOL = 200;
  /** Chunks fetched per list: several chunks of one document often lead, so more chunks than documents. */
  static final int CHUNKS = 3 * POOL;
  static final int MAX_SIZE = 100;

  private final KnowledgeBaseAccess access;
  private final ModelClient models;
  private final KnowledgeIndex index;
  private final ObjectProvider<DictionarySource> dictionaries;
  private final SearchRepository repository;
  private final DocumentRepository documents;
  private final OwnerNames owners;
  private final Clock clock;
  private final double minSimilarity;
  private final ChunkHighlighter highlighter = new ChunkHighlighter(new ChineseAnalyzers());

  public KnowledgeSearchService(KnowledgeBaseAccess access, ModelClient models, KnowledgeIndex index,
      ObjectProvider<DictionarySource> dictionaries, SearchRepository repository, DocumentRepository documents,
      OwnerNames owners, Clock clock, @Value("${jingzhi.knowledge.search.min-similarity:0.75}") double minSimilarity) {
    this.minSimilarity = minSimilarity;
    this.access = access;
    this.models = models;
    this.index = index;
    this.dictionaries = dictionaries;
    this.repository = repository;
    this.documents = documents;
    this.owners = owners;
    this.clock = clock;
  }

  @Transactional
  public PageResult<SearchItem> search(Caller caller, SearchRequest request) {
    caller.require(Permissions.KB_READ);
    String sort = request.sort() == null || request.sort().isBlank() ? "relevance" : request.sort().strip();
    if (!SORTS.contains(sort)) {
      throw ApiException.invalid("sort", "must be relevance, newest, views or downloads");
    }
    int page = request.page() == null ? 1 : request.page();
    int size = request.size() == null ? 20 : request.size();
    if (page < 1) {
      throw ApiException.invalid("page", "must be 1 or greater");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw ApiException.invalid("size", "must be between 1 and " + MAX_SIZE);
    }
    SearchRequest.Filters f = request.filters() == null ? new SearchRequest.Filters(null, null, null, null)
        : request.filters();
    LocalDate effectiveOn = date(f.effectiveOn());
    Map<Long, KnowledgeBaseRef> bases = bases(caller, request.kbIds());
    if (bases.isEmpty()) {
      return new PageResult<>(List.of(), 0, page, size);
    }
    String query = request.query().strip();
    List<MetadataFilter> filters = filters(f);
    DictionaryExpansion.Expanded expanded = DictionaryExpansion.expand(query, dictionary(bases.keySet()));
    List<DocumentFusion.Found> found = DocumentFusion.fuse(lists(caller, query, expanded, bases, filters));
    ChunkHighlighter.Needles needles = highlighter.needles(query, expanded.phrases());
    Map<Long, Doc> docs = repository.readyDocuments(found.stream().map(DocumentFusion.Found::documentId).toList(),
        bases.keySet()).stream().collect(Collectors.toMap(Doc::id, Function.identity()));
    LocalDate today = Today.of(clock);
    Supersessions supersessions = Supersessions.from(repository.supersedingMetadata(bases.keySet()));
    List<SearchItem> items = new ArrayList<>();
    Map<Long, String> ownerOrgs = new java.util.HashMap<>();
    for (DocumentFusion.Found x : found) {
      Doc d = docs.get(x.documentId());
      if (d == null || !matches(d.metadata(), f, effectiveOn) || items.size() == POOL) {
        continue;
      }
      KnowledgeBaseRef base = bases.get(d.kbId());
      items.add(new SearchItem(d.id(), d.kbId(), base.name(), d.label(), d.filename(),
          highlighter.highlight(x.best().text(), needles), x.score(), d.metadata(),
          ownerOrgs.computeIfAbsent(base.id(), k -> owners.of(base)),
          Validity.of(d.metadata(), today, supersessions), d.views(), d.downloads(), d.updatedAt(), d.source(),
          x.best().chunkId(), d.createdAt()));
    }
    items.sort(order(sort));
    int from = (int) Math.min(items.size(), (long) (page - 1) * size);
    List<SearchItem> shown = items.subList(from, Math.min(items.size(), from + size));
    countHits(shown, bases);
    return new PageResult<>(List.copyOf(shown), items.size(), page, size);
  }

  /** The readable bases by id, narrowed to {@code kbIds} when given; one not readable answers 404, like elsewhere. */
  private Map<Long, KnowledgeBaseRef> bases(Caller caller, List<Long> kbIds) {
    Map<Long, KnowledgeBaseRef> readable = new LinkedHashMap<>();
    access.readableBases(caller).forEach(b -> readable.put(b.id(), b));
    if (kbIds == null || kbIds.isEmpty()) {
      return readable;
    }
    Map<Long, KnowledgeBaseRef> narrowed = new LinkedHashMap<>();
    for (Long id : kbIds) {
      if (id == null || !readable.containsKey(id)) {
        throw KnowledgeBaseAccessPolicy.notFound(id == null ? 0 : id);
      }
      narrowed.put(id, readable.get(id));
    }
    return narrowed;
  }

  /**
   * One full-text list over all bases, one vector list per embedding model. A chunk that only the vectors found
   * stays in only when its score reaches {@code jingzhi.knowledge.search.min-similarity} (0.75, the index's score
   * (1 + cos) / 2, i.e. cosine 0.5): a vector search always answers with its nearest chunks, however far, so
   * without a floor every query (xyzzy) would list every document. bge-small-zh-v1.5 on cmrc2018 dev (300 queries
   * against 1,500 passages): the relevant passage's cosine is ≥ 0.54 for 95% of queries, ≥ 0.43 for 99%; the
   * nearest passage to nonsense or off-topic queries (xyzzy, 如何烤一个巧克力蛋糕) 0.45–0.50, to everyday questions
   * (今天天气怎么样) up to 0.63, so the floor drops noise, not everything unrelated.
   */
  private List<List<IndexHit>> lists(Caller caller, String query, DictionaryExpansion.Expanded expanded,
      Map<Long, KnowledgeBaseRef> bases, List<MetadataFilter> filters) {
    List<List<IndexHit>> lists = new ArrayList<>();
    List<IndexHit> fullText = index.fullTextSearch(new IndexQuery(bases.keySet(), expanded.expanded(), null, CHUNKS,
        filters, false, expanded.phrases()));
    lists.add(fullText);
    Set<Long> matchedWords = fullText.stream().map(h -> h.chunk().chunkId()).collect(Collectors.toSet());
    // Bases being re-embedded (or never embedded) are searched by full text only, as their retrieval does.
    Set<Long> noVectors = repository.withoutComparableVectors(bases.keySet());
    Map<String, Set<Long>> byModel = bases.values().stream().filter(b -> !noVectors.contains(b.id()))
        .collect(Collectors.groupingBy(
        KnowledgeBaseRef::embeddingModel, LinkedHashMap::new, Collectors.mapping(KnowledgeBaseRef::id,
            Collectors.toCollection(java.util.LinkedHashSet::new))));
    byModel.forEach((model, kbIds) -> {
      float[] vector = embed(caller, model, query);
      if (vector != null) {
        lists.add(index.vectorSearch(new IndexQuery(kbIds, null, vector, CHUNKS, filters, false)).stream()
            .filter(h -> h.score() >= minSimilarity || matchedWords.contains(h.chunk().chunkId())).toList());
      }
    });
    return lists;
  }

  /**
   * The query's embedding with one model, or null when the caller may not use the model (403) or the gateway does
   * not know it (404): a base shared from another tenant may embed with a model the caller's tenant has no access
   * to, and its documents are then still found by full text instead of failing the whole search. Limits and
   * upstream failures (429, 5xx) are the caller's to see.
   */
  private float[] embed(Caller caller, String model, String query) {
    try {
      return models.embed(caller, model, List.of(query)).getFirst();
    } catch (ModelCallFailed e) {
      if (e.status() == HttpStatus.FORBIDDEN || e.status() == HttpStatus.NOT_FOUND) {
        log.info("Knowledge search by {} without vectors of model {}: {}", caller.username(), model, e.getMessage());
        return null;
      }
      throw e;
    }
  }

  private QueryDictionary dictionary(Set<Long> kbIds) {
    List<QueryDictionary.Entry> entries = new ArrayList<>();
    dictionaries.orderedStream().forEach(d -> entries.addAll(d.forBases(kbIds).entries()));
    return new QueryDictionary(entries);
  }

  /** Equality filters go into the index searches, so the lists are full of matching chunks. */
  private static List<MetadataFilter> filters(SearchRequest.Filters f) {
    List<MetadataFilter> out = new ArrayList<>();
    Map<String, String> equal = new LinkedHashMap<>();
    equal.put("issuing_unit", f.issuingUnit());
    equal.put("domain", f.domain());
    equal.put("doc_type", f.docType());
    equal.forEach((field, value) -> {
      if (value != null && !value.isBlank()) {
        out.add(new MetadataFilter(field, List.of(value.strip()), null, null));
      }
    });
    return out;
  }

  /**
   * The document-level check of the filters, on the document's own metadata (the source of truth): a field the
   * document does not have is left to the index, whose chunk-level metadata (a table row's column) decided it.
   */
  static boolean matches(JsonNode metadata, SearchRequest.Filters f, LocalDate effectiveOn) {
    return equal(metadata, "issuing_unit", f.issuingUnit()) && equal(metadata, "domain", f.domain())
        && equal(metadata, "doc_type", f.docType())
        && (effectiveOn == null || Validity.inForceOn(metadata, effectiveOn));
  }

  private static boolean equal(JsonNode metadata, String field, String wanted) {
    if (wanted == null || wanted.isBlank() || metadata == null || !metadata.has(field)) {
      return true;
    }
    JsonNode v = metadata.get(field);
    if (v.isArray()) {
      return v.valueStream().anyMatch(x -> x.isValueNode() && wanted.strip().equals(x.asString()));
    }
    return v.isValueNode() && wanted.strip().equals(v.asString());
  }

  private static LocalDate date(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ApiException.invalid("filters.effective_on", "must be an ISO date (2026-01-31)");
    }
  }

  /** The sort; ties go to relevance, then to the newer document. */
  static Comparator<SearchItem> order(String sort) {
    Comparator<SearchItem> relevance = Comparator.comparingDouble(SearchItem::score).reversed()
        .thenComparing(Comparator.comparingLong(SearchItem::documentId).reversed());
    return switch (sort) {
      case "newest" -> Comparator.comparing(KnowledgeSearchService::published).reversed().thenComparing(relevance);
      case "views" -> Comparator.comparingLong(SearchItem::views).reversed().thenComparing(relevance);
      case "downloads" -> Comparator.comparingLong(SearchItem::downloads).reversed().thenComparing(relevance);
      default -> relevance;
    };
  }

  /** Newest by publish_date, else effective_date, else the day the document came in. */
  static LocalDate published(SearchItem item) {
    LocalDate d = Validity.date(item.metadata(), "publish_date");
    if (d == null) {
      d = Validity.date(item.metadata(), "effective_date");
    }
    return d != null ? d : LocalDate.ofInstant(item.createdAt(), Today.ZONE);
  }

  private void countHits(List<SearchItem> shown, Map<Long, KnowledgeBaseRef> bases) {
    var now = clock.instant();
    shown.stream().collect(Collectors.groupingBy(SearchItem::kbId, LinkedHashMap::new,
            Collectors.mapping(SearchItem::documentId, Collectors.toList())))
        .forEach((kbId, ids) -> documents.hits(kbId, bases.get(kbId).tenantId(), ids, now));
  }
}
