package io.jingzhi.knowledge.index.lucene;

import io.jingzhi.knowledge.KnowledgeException;
import io.jingzhi.knowledge.index.ChunkScore;
import io.jingzhi.knowledge.index.IndexHit;
import io.jingzhi.knowledge.index.IndexQuery;
import io.jingzhi.knowledge.index.IndexedChunk;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * The embedded knowledge index: one Lucene index per knowledge base under {@code root/kb-<id>} (isolation, and a
 * base is deleted or rebuilt by dropping its directory). Each base keeps its IndexWriter and a near-real-time
 * SearcherManager open; every write refreshes before it returns, so it is visible to the next search (except
 * {@link #replaceDocumentDeferred}, visible at the next {@link #refresh}). Commits run
 * on a schedule ({@code commitInterval}) and on close: a crash of the process loses at most the writes of the last
 * interval, which the relational store (the source of truth) can re-index. A search over several bases reads them
 * through one MultiReader.
 */
public final class LuceneKnowledgeIndex implements KnowledgeIndex {

  private static final Logger log = LoggerFactory.getLogger(LuceneKnowledgeIndex.class);
  /** The fewest candidates an HNSW search collects before the best k are kept (its ef). */
  static final int HNSW_BEAM = 100;
  /** A base written to and then left alone this long is merged into one segment in the background. */
  static final Duration COMPACT_AFTER_IDLE = Duration.ofSeconds(60);

  private final Path root;
  private final ChineseAnalyzers analyzers = new ChineseAnalyzers();
  private final FullTextQuery fullText;
  private final SkippedChunks skipped = new SkippedChunks();
  private final Map<Long, BaseIndex> bases = new ConcurrentHashMap<>();
  /** Writes and searches share it; deleting a base or closing takes it exclusively (no search on a closed base). */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final ScheduledExecutorService committer;
  /** One compaction at a time: a force-merge rebuilds HNSW graphs and takes a core for minutes. */
  private final ExecutorService compactor;
  private final long compactAfterIdleNanos;
  private volatile boolean closed;

  public LuceneKnowledgeIndex(Path root, Duration commitInterval) {
    this(root, commitInterval, 1.0f, 1.0f);
  }

  /** {@code wordsWeight} and {@code bigramWeight}: BM25 weights of the word and bigram fields (tuned on cmrc2018). */
  public LuceneKnowledgeIndex(Path root, Duration commitInterval, float wordsWeight, float bigramWeight) {
    this(root, commitInterval, wordsWeight, bigramWeight, COMPACT_AFTER_IDLE);
  }

  /** {@code compactAfterIdle}: a base written to and then idle this long is merged into one segment. */
  LuceneKnowledgeIndex(Path root, Duration commitInterval, float wordsWeight, float bigramWeight,
      Duration compactAfterIdle) {
    this.root = root;
    this.compactAfterIdleNanos = compactAfterIdle.toNanos();
    this.compactor = Executors.newSingleThreadExecutor(
        Thread.ofPlatform().daemon().name("knowledge-index-compact").factory());
    this.fullText = new FullTextQuery(wordsWeight, bigramWeight);
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the knowledge index directory " + root, e);
    }
    this.committer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("knowledge-index-commit").factory());
    long ms = Math.max(100, commitInterval.toMillis());
    committer.scheduleWithFixedDelay(this::commitAll, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void ensureBase(long kbId, int dimension, String similarity) {
    if (dimension < MIN_DIMENSION || dimension > MAX_DIMENSION) {
      throw BaseIndex.dimension(dimension);
    }
    if (!SIMILARITIES.contains(similarity)) {
      throw new KnowledgeException(HttpStatus.BAD_REQUEST, "index.invalid_similarity",
          "similarity must be one of " + SIMILARITIES + ", got " + similarity);
    }
    withRead(() -> {
      BaseIndex base = base(kbId, true);
      base.declare(dimension, similarity, base.writer.getDocStats().numDocs > 0);
      return null;
    });
  }

  @Override
  public void upsert(List<IndexedChunk> chunks) {
    write(chunks, null, true);
  }

  /** One write and one refresh: searches see the old entries until they see all the new ones. */
  @Override
  public void replaceDocument(long kbId, long documentId, List<IndexedChunk> chunks) {
    KnowledgeIndex.requireOfDocument(kbId, documentId, chunks);
    if (chunks.isEmpty()) {
      deleteDocument(kbId, documentId);
    } else {
      write(chunks, documentId, true);
    }
  }

  /** The same single write, without the refresh: searches see the old entries until the next refresh. */
  @Override
  public void replaceDocumentDeferred(long kbId, long documentId, List<IndexedChunk> chunks) {
    KnowledgeIndex.requireOfDocument(kbId, documentId, chunks);
    if (chunks.isEmpty()) {
      deleteDocument(kbId, documentId);
    } else {
      write(chunks, documentId, false);
    }
  }

  @Override
  public void refresh(long kbId) {
    withRead(() -> {
      BaseIndex base = base(kbId, false);
      if (base != null) {
        base.searchers.maybeRefreshBlocking();
      }
      return null;
    });
  }

  /**
   * Adds or replaces {@code chunks} by chunk id, after deleting document {@code replacing}'s entries if not null;
   * then refreshes the searchers when {@code refresh}.
   */
  private void write(List<IndexedChunk> chunks, Long replacing, boolean refresh) {
    Map<Long, List<IndexedChunk>> byBase = new LinkedHashMap<>();
    for (IndexedChunk c : chunks) {
      if (c.text() == null) {
        throw new KnowledgeException(HttpStatus.BAD_REQUEST, "index.invalid_chunk", "chunk " + c.chunkId()
            + " has no text");
      }
      byBase.computeIfAbsent(c.kbId(), k -> new ArrayList<>()).add(c);
    }
    withRead(() -> {
      for (var e : byBase.entrySet()) {
        BaseIndex base = base(e.getKey(), true);
        // Validate every vector before writing any, so a bad batch leaves the base as it was.
        var settings = base.vectors();
        for (IndexedChunk c : e.getValue()) {
          if (c.vector() != null) {
            settings = base.forVector(c.vector().length);
          }
        }
        var stored = base.stored();
        boolean unit = settings.function() != stored;
        base.writing();
        try {
          if (replacing != null) {
            base.writer.deleteDocuments(new Term(ChunkDocuments.DOCUMENT, Long.toString(replacing)));
          }
          for (IndexedChunk c : e.getValue()) {
            base.writer.updateDocument(new Term(ChunkDocuments.ID, ChunkDocuments.idTerm(c.chunkId())),
                ChunkDocuments.toDocument(c, stored, unit));
          }
          if (refresh) {
            base.searchers.maybeRefreshBlocking();
          }
        } finally {
          base.written();
        }
      }
      return null;
    });
  }

  @Override
  public void deleteDocument(long kbId, long documentId) {
    write(kbId, base -> base.writer.deleteDocuments(new Term(ChunkDocuments.DOCUMENT, Long.toString(documentId))));
  }

  @Override
  public void setEnabled(long kbId, long chunkId, boolean enabled) {
    write(kbId, base -> base.writer.updateNumericDocValue(new Term(ChunkDocuments.ID,
        ChunkDocuments.idTerm(chunkId)), ChunkDocuments.ENABLED, enabled ? 1 : 0));
  }

  @Override
  public void deleteBase(long kbId) {
    lifecycle.writeLock().lock();
    try {
      BaseIndex base = bases.remove(kbId);
      if (base != null) {
        base.discard();
      }
      Path dir = baseDir(kbId);
      if (Files.exists(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          IOUtils.rm(files.sorted(Comparator.reverseOrder()).toArray(Path[]::new));
        }
      }
    } catch (IOException e) {
      throw unavailable(kbId, e);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public List<IndexHit> vectorSearch(IndexQuery query) {
    return vectorSearch(query, ChunkReader::hits, IndexHit::score);
  }

  @Override
  public List<ChunkScore> vectorScores(IndexQuery query) {
    return vectorSearch(query, ChunkReader::scores, ChunkScore::score);
  }

  private <T> List<T> vectorSearch(IndexQuery query, HitReader<T> reader, ToDoubleFunction<T> score) {
    if (query.vector() == null) {
      throw new KnowledgeException(HttpStatus.BAD_REQUEST, "retrieval.no_vector", "vector search needs a vector");
    }
    LuceneFilters.of(query.filters()); // a malformed filter is refused before any search
    int dimension = query.vector().length;
    // Cosine bases stored as unit vectors (dot product) take the query as a unit vector; the others as it is.
    // Two searches only when one request spans both kinds; their scores are the same similarities, merged by score.
    List<T> asIs = search(query, b -> b.vectors().dimension() == dimension && !unitVectors(b),
        searcher -> vectorSearch(searcher, query.vector(), filter(searcher, query), query), reader);
    float[] unit = ChunkDocuments.unit(query.vector());
    List<T> asUnit = search(query, b -> b.vectors().dimension() == dimension && unitVectors(b),
        searcher -> vectorSearch(searcher, unit, filter(searcher, query), query), reader);
    if (asIs.isEmpty() || asUnit.isEmpty()) {
      return asIs.isEmpty() ? asUnit : asIs;
    }
    List<T> merged = new ArrayList<>(asIs);
    merged.addAll(asUnit);
    merged.sort(Comparator.comparingDouble(score).reversed());
    return List.copyOf(merged.subList(0, Math.min(query.k(), merged.size())));
  }

  /** {@code filter}: null when every chunk may match (no knn filter: no accepted-docs bitset is built). */
  private static List<ScoreDoc> vectorSearch(IndexSearcher searcher, float[] vector, Query filter, IndexQuery query)
      throws IOException {
    if (query.exact()) {
      return ExactVectorSearch.search(searcher, ChunkDocuments.VECTOR, vector,
          filter == null ? new MatchAllDocsQuery() : filter, query.k());
    }
    // Lucene explores the graph with a beam as wide as k; a wider beam (then cut to k) buys recall cheaply.
    var knn = new KnnFloatVectorQuery(ChunkDocuments.VECTOR, vector, Math.max(query.k(), HNSW_BEAM), filter);
    return List.of(searcher.search(knn, query.k()).scoreDocs);
  }

  private static boolean unitVectors(BaseIndex base) {
    try {
      return base.unitVectors();
    } catch (IOException e) {
      throw unavailable(base.kbId, e);
    }
  }

  @Override
  public List<IndexHit> fullTextSearch(IndexQuery query) {
    return fullTextSearch(query, ChunkReader::hits);
  }

  @Override
  public List<ChunkScore> fullTextScores(IndexQuery query) {
    return fullTextSearch(query, ChunkReader::scores);
  }

  private <T> List<T> fullTextSearch(IndexQuery query, HitReader<T> reader) {
    LuceneFilters.of(query.filters()); // a malformed filter is refused before any search
    Query text = fullText.build(analyzers, query);
    if (text == null) {
      return List.of();
    }
    // Total hits counted only up to k: past that, BM25's MAXSCORE skips documents that cannot enter the top k.
    var top = new TopScoreDocCollectorManager(query.k(), null, query.k());
    return search(query, base -> true, searcher -> List.of(searcher.search(
        FullTextQuery.filtered(text, filter(searcher, query)), top).scoreDocs), reader);
  }

  /**
   * The filter of a search on {@code searcher}: the query's metadata filters, plus "searchable and enabled" when the
   * searched bases hold a parent or a disabled chunk; null when nothing is to be filtered out.
   */
  private Query filter(IndexSearcher searcher, IndexQuery query) throws IOException {
    return LuceneFilters.of(query.filters(), skipped.any(searcher.getIndexReader()));
  }

  @Override
  public Map<Long, IndexedChunk> chunks(Collection<ChunkScore> hits) {
    Map<Long, List<Long>> byBase = new TreeMap<>();
    for (ChunkScore h : hits) {
      byBase.computeIfAbsent(h.kbId(), k -> new ArrayList<>()).add(h.chunkId());
    }
    Map<Long, IndexedChunk> out = new HashMap<>();
    for (var e : byBase.entrySet()) {
      List<BytesRef> ids = e.getValue().stream().distinct().map(ChunkDocuments::idTerm).sorted().toList();
      for (IndexedChunk c : read(e.getKey(), s -> ChunkReader.docsOf(s, ids))) {
        if (c.enabled()) {
          out.put(c.chunkId(), c);
        }
      }
    }
    return out;
  }

  @Override
  public Optional<IndexedChunk> get(long kbId, long chunkId) {
    List<IndexedChunk> found = read(kbId, new TermQuery(new Term(ChunkDocuments.ID,
        ChunkDocuments.idTerm(chunkId))), 1);
    return found.stream().findFirst();
  }

  @Override
  public List<IndexedChunk> range(long kbId, long documentId, int fromOrdinal, int toOrdinal) {
    if (toOrdinal < fromOrdinal) {
      return List.of();
    }
    Query q = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(ChunkDocuments.DOCUMENT, Long.toString(documentId))), Occur.FILTER)
        .add(IntPoint.newRangeQuery(ChunkDocuments.ORDINAL, fromOrdinal, toOrdinal), Occur.FILTER).build();
    List<IndexedChunk> out = new ArrayList<>(read(kbId, q, Math.min(10_000, toOrdinal - fromOrdinal + 1)));
    out.sort(Comparator.comparingInt(IndexedChunk::ordinal));
    return out;
  }

  @Override
  public long count(long kbId) {
    return withRead(() -> {
      BaseIndex base = base(kbId, false);
      return base == null ? 0L : (long) base.writer.getDocStats().numDocs;
    });
  }

  @Override
  public void compact(long kbId) {
    // Not under the lifecycle lock: a merge takes minutes, and deleting or closing the base meanwhile aborts it.
    BaseIndex base = withRead(() -> base(kbId, false));
    if (base != null) {
      try {
        base.compact();
      } catch (IOException e) {
        throw unavailable(kbId, e);
      }
    }
  }

  /** Segments of a base's index (what a vector search walks one HNSW graph each); 0 for a base without index. */
  public int segments(long kbId) {
    return withRead(() -> {
      BaseIndex base = base(kbId, false);
      return base == null ? 0 : base.segments();
    });
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      committer.shutdownNow();
      // Never interrupt a merge: an interrupt during Lucene's file I/O closes the channel of the index's write lock
      // and invalidates it. Closing the base below aborts a running merge through the writer instead.
      compactor.shutdown();
      for (BaseIndex base : bases.values()) {
        try {
          base.close();
        } catch (IOException e) {
          log.warn("closing the index of knowledge base {} failed", base.kbId, e);
        }
      }
      bases.clear();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  // ---- internals ----

  private interface IoAction<T> {
    T run() throws IOException;
  }

  private interface BaseWrite {
    void apply(BaseIndex base) throws IOException;
  }

  private interface SearcherAction {
    List<ScoreDoc> run(IndexSearcher searcher) throws IOException;
  }

  /** Turns the docs a search found into its result; {@code kbIds[i]}: the base of the searcher's i-th leaf. */
  interface HitReader<T> {
    List<T> read(IndexSearcher searcher, List<ScoreDoc> docs, long[] kbIds) throws IOException;
  }

  private <T> T withRead(IoAction<T> action) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new KnowledgeException(HttpStatus.SERVICE_UNAVAILABLE, "index.closed", "the knowledge index is closed");
      }
      return action.run();
    } catch (IOException e) {
      throw new KnowledgeException(HttpStatus.SERVICE_UNAVAILABLE, "index.unavailable",
          "knowledge index failure: " + e.getMessage());
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** A write to an existing base (a base without an index has nothing to delete or disable), then a refresh. */
  private void write(long kbId, BaseWrite action) {
    withRead(() -> {
      BaseIndex base = base(kbId, false);
      if (base != null) {
        base.writing();
        try {
          action.apply(base);
          base.searchers.maybeRefreshBlocking();
        } finally {
          base.written();
        }
      }
      return null;
    });
  }

  private BaseIndex base(long kbId, boolean create) {
    BaseIndex open = bases.get(kbId);
    if (open != null || (!create && !Files.isDirectory(baseDir(kbId).resolve("lucene")))) {
      return open;
    }
    return bases.computeIfAbsent(kbId, id -> BaseIndex.open(id, baseDir(id), analyzers));
  }

  private Path baseDir(long kbId) {
    return root.resolve("kb-" + kbId);
  }

  private <T> List<T> search(IndexQuery query, java.util.function.Predicate<BaseIndex> include,
      SearcherAction action, HitReader<T> reader) {
    if (query.k() <= 0) {
      return List.of();
    }
    return withRead(() -> {
      List<BaseIndex> targets = query.kbIds().stream().sorted().map(id -> base(id, false))
          .filter(b -> b != null && include.test(b)).toList();
      if (targets.isEmpty()) {
        return List.of();
      }
      List<IndexSearcher> acquired = new ArrayList<>(targets.size());
      IndexReader multi = null;
      try {
        for (BaseIndex b : targets) {
          acquired.add(b.searchers.acquire());
        }
        IndexSearcher searcher = acquired.get(0);
        if (acquired.size() > 1) {
          // closeSubReaders=false: the MultiReader takes its own reference on each, dropped when it closes.
          multi = new MultiReader(acquired.stream().map(IndexSearcher::getIndexReader).toArray(IndexReader[]::new),
              false);
          searcher = new IndexSearcher(multi);
        }
        // The base of every leaf: the MultiReader's leaves are its sub-readers' leaves, in order.
        long[] leafBases = new long[searcher.getIndexReader().leaves().size()];
        int leaf = 0;
        for (int i = 0; i < acquired.size(); i++) {
          for (int n = acquired.get(i).getIndexReader().leaves().size(); n > 0; n--) {
            leafBases[leaf++] = targets.get(i).kbId;
          }
        }
        return reader.read(searcher, action.run(searcher), leafBases);
      } finally {
        if (multi != null) {
          multi.close();
        }
        for (int i = 0; i < acquired.size(); i++) {
          targets.get(i).searchers.release(acquired.get(i));
        }
      }
    });
  }

  private List<IndexedChunk> read(long kbId, Query q, int max) {
    return read(kbId, s -> java.util.Arrays.stream(s.search(q, max, new Sort(SortField.FIELD_DOC)).scoreDocs)
        .mapToInt(d -> d.doc).toArray());
  }

  private interface DocFinder {
    int[] find(IndexSearcher searcher) throws IOException;
  }

  /** The chunks of the documents {@code finder} names on one searcher of base {@code kbId}. */
  private List<IndexedChunk> read(long kbId, DocFinder finder) {
    return withRead(() -> {
      BaseIndex base = base(kbId, false);
      if (base == null) {
        return List.of();
      }
      IndexSearcher s = base.searchers.acquire();
      try {
        return List.of(ChunkReader.chunks(s, finder.find(s)));
      } finally {
        base.searchers.release(s);
      }
    });
  }

  private void commitAll() {
    lifecycle.readLock().lock();
    try {
      for (BaseIndex base : bases.values()) {
        try {
          base.commitIfChanged();
          if (base.wantsCompaction(compactAfterIdleNanos)) {
            compactor.execute(() -> compactQuietly(base));
          }
        } catch (IOException | RuntimeException e) {
          log.warn("commit of the index of knowledge base {} failed; retried at the next interval", base.kbId, e);
        }
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private static void compactQuietly(BaseIndex base) {
    long start = System.nanoTime();
    try {
      if (base.compact()) {
        log.info("knowledge base {}: index merged into one segment in {} ms", base.kbId,
            (System.nanoTime() - start) / 1_000_000);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("merging the index of knowledge base {} failed; retried after its next writes", base.kbId, e);
    }
  }

  private static KnowledgeException unavailable(long kbId, IOException e) {
    return new KnowledgeException(HttpStatus.SERVICE_UNAVAILABLE, "index.unavailable",
        "the index of knowledge base " + kbId + " failed: " + e.getMessage());
  }
}
