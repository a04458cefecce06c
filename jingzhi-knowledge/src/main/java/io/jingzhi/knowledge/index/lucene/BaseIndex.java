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
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.SearcherManager;
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
        writer.close();
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
