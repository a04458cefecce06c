package io.jingzhi.knowledge.index.lucene;

import io.jingzhi.knowledge.KnowledgeException;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.springframework.http.HttpStatus;

/**
 * One knowledge base's index: its directory, the IndexWriter and SearcherManager kept open (near-real-time search)
 * and its vector settings, kept in {@code base.properties} next to the index files.
 */
final class BaseIndex implements AutoCloseable {

  private static final String SETTINGS = "base.properties";

  final long kbId;
  final Path dir;
  final FSDirectory directory;
  final IndexWriter writer;
  final SearcherManager searchers;
  private volatile VectorSettings vectors;
  /** When the last write happened (System.nanoTime), and whether one happened since the last compaction. */
  private volatile long lastWrite = System.nanoTime();
  private volatile boolean writtenSinceCompaction;
  private final AtomicBoolean compacting = new AtomicBoolean();
  private final AtomicInteger writesInProgress = new AtomicInteger();
  /** How a cosine base's vectors are stored, once its index holds one (null: not known yet). */
  private volatile VectorSimilarityFunction storedCosine;

  /** A base's vectors: dimension 0 means not yet known (no vector indexed, nothing declared). */
  record VectorSettings(int dimension, String similarity) {

    VectorSimilarityFunction function() {
      return switch (similarity) {
        case "dot_product" -> VectorSimilarityFunction.DOT_PRODUCT;
        case "l2" -> VectorSimilarityFunction.EUCLIDEAN;
        default -> VectorSimilarityFunction.COSINE;
      };
    }
  }

  private BaseIndex(long kbId, Path dir, ChineseAnalyzers analyzers) throws IOException {
    this.kbId = kbId;
    this.dir = dir;
    Files.createDirectories(dir);
    this.directory = FSDirectory.open(dir.resolve("lucene"));
    IndexWriterConfig config = new IndexWriterConfig(analyzers.indexing()).setCodec(new HighDimensionCodec())
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    this.writer = new IndexWriter(directory, config);
    this.searchers = new SearcherManager(writer, null);
    this.vectors = readSettings(dir.resolve(SETTINGS));
  }

  static BaseIndex open(long kbId, Path dir, ChineseAnalyzers analyzers) {
    try {
      return new BaseIndex(kbId, dir, analyzers);
    } catch (IOException e) {
      throw new KnowledgeException(HttpStatus.SERVICE_UNAVAILABLE, "index.unavailable",
          "the index of knowledge base " + kbId + " cannot be opened: " + e.getMessage());
    }
  }

  VectorSettings vectors() {
    return vectors;
  }

  /**
   * The similarity the vectors are stored with. Cosine bases store unit vectors compared by dot product: the same
   * score (1 + cos) / 2, one accumulation per dimension instead of three in every HNSW comparison. A cosine base
   * whose index already holds COSINE vectors (written before this) keeps COSINE: Lucene fixes a field's similarity.
   */
  VectorSimilarityFunction stored() throws IOException {
    VectorSimilarityFunction declared = vectors.function();
    if (declared != VectorSimilarityFunction.COSINE) {
      return declared;
    }
    VectorSimilarityFunction known = storedCosine;
    if (known != null) {
      return known;
    }
    IndexSearcher s = searchers.acquire();
    try {
      FieldInfo field = FieldInfos.getMergedFieldInfos(s.getIndexReader()).fieldInfo(ChunkDocuments.VECTOR);
      if (field == null || field.getVectorDimension() == 0) {
        return VectorSimilarityFunction.DOT_PRODUCT;
      }
      // Fixed for the life of the index once a vector is written: remembered, searches ask on every query.
      storedCosine = field.getVectorSimilarityFunction();
      return storedCosine;
    } finally {
      searchers.release(s);
    }
  }

  /** True when vectors are written and queried as unit vectors: a cosine base stored as dot product. */
  boolean unitVectors() throws IOException {
    return vectors.function() == VectorSimilarityFunction.COSINE
        && stored() == VectorSimilarityFunction.DOT_PRODUCT;
  }

  /** Sets the vector settings; refuses a change once vectors with other settings are indexed. */
  synchronized void declare(int dimension, String similarity, boolean hasChunks) {
    VectorSettings wanted = new VectorSettings(dimension, similarity);
    if (wanted.equals(vectors)) {
      return;
    }
    if (vectors.dimension() != 0 && hasChunks) {
      throw new KnowledgeException(HttpStatus.CONFLICT, "index.settings_changed", "knowledge base " + kbId
          + " is indexed with " + vectors.dimension() + " dimensions (" + vectors.similarity() + "); to use "
          + dimension + " (" + similarity + ") delete its index and rebuild it");
    }
    writeSettings(wanted);
  }

  /** The settings for a vector about to be indexed: the declared ones, or taken from the first vector. */
  synchronized VectorSettings forVector(int length) {
    if (vectors.dimension() == 0) {
      if (length < KnowledgeIndex.MIN_DIMENSION || length > KnowledgeIndex.MAX_DIMENSION) {
        throw dimension(length);
      }
      writeSettings(new VectorSettings(length, vectors.similarity()));
    }
    if (vectors.dimension() != length) {
      throw new KnowledgeException(HttpStatus.BAD_REQUEST, "index.dimension_mismatch", "knowledge base " + kbId
          + " holds " + vectors.dimension() + "-dimensional vectors, got one of " + length);
    }
    return vectors;
  }

  static KnowledgeException dimension(int length) {
    return new KnowledgeException(HttpStatus.BAD_REQUEST, "index.invalid_dimension", "vector dimension " + length
        + " is outside " + KnowledgeIndex.MIN_DIMENSION + "–" + KnowledgeIndex.MAX_DIMENSION);
  }

  private void writeSettings(VectorSettings s) {
    Properties p = new Properties();
    p.setProperty("dimension", Integer.toString(s.dimension()));
    p.setProperty("similarity", s.similarity());
    Path tmp = dir.resolve(SETTINGS + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(out, "vector settings of knowledge base " + kbId);
      Files.move(tmp, dir.resolve(SETTINGS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new KnowledgeException(HttpStatus.SERVICE_UNAVAILABLE, "index.unavailable",
          "cannot save the settings of knowledge base " + kbId + ": " + e.getMessage());
    }
    vectors = s;
  }

  private static VectorSettings readSettings(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new VectorSettings(0, "cosine");
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    return new VectorSettings(Integer.parseInt(p.getProperty("dimension", "0")),
        p.getProperty("similarity", "cosine"));
  }

  /** A write starts: the base is not idle until it ends (a big batch can take longer than the idle time). */
  void writing() {
    writesInProgress.incrementAndGet();
    lastWrite = System.nanoTime();
  }

  /** A write ended (the idle compaction waits for writes to stop). */
  void written() {
    lastWrite = System.nanoTime();
    writtenSinceCompaction = true;
    writesInProgress.decrementAndGet();
  }

  /** Written to, then left alone for {@code idleNanos}, and in more than one segment: a bulk load has ended. */
  boolean wantsCompaction(long idleNanos) throws IOException {
    return writtenSinceCompaction && !compacting.get() && writesInProgress.get() == 0
        && System.nanoTime() - lastWrite >= idleNanos
        && segments() > 1;
  }

  int segments() throws IOException {
    IndexSearcher s = searchers.acquire();
    try {
      return s.getIndexReader().leaves().size();
    } finally {
      searchers.release(s);
    }
  }

  /**
   * Merges the index into one segment and commits it. Runs beside searches and writes; returns false when another
   * compaction is running or the base was closed or deleted meanwhile (its merge aborted).
   */
  boolean compact() throws IOException {
    if (!compacting.compareAndSet(false, true)) {
      return false;
    }
    try {
      writtenSinceCompaction = false;
      writer.forceMerge(1);
      searchers.maybeRefreshBlocking();
      writer.commit();
      return true;
    } catch (AlreadyClosedException e) {
      return false;
    } finally {
      compacting.set(false);
    }
  }

  /** Commits when something changed since the last commit (the schedule and close call this). */
  void commitIfChanged() throws IOException {
    if (writer.isOpen() && writer.hasUncommittedChanges()) {
      writer.commit();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      searchers.close();
      if (writer.isOpen()) {
        writer.commit();
        if (compacting.get()) {
          // close() would wait minutes for the running force-merge; after the commit, rollback only aborts it.
          writer.rollback();
        } else {
          writer.close();
        }
      }
    } finally {
      directory.close();
    }
  }

  /** Closes without committing (the base is being deleted). */
  void discard() throws IOException {
    try {
      searchers.close();
      writer.rollback();
    } finally {
      directory.close();
    }
  }
}
