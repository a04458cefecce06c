package io.jingzhi.guard.api.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@value #MODEL_NAME}: a static embedding model distilled from bge-small-zh-v1.5 ({@link StaticEmbeddingDistiller},
 * the Model2Vec method), {@value #DIMENSIONS} dimensions. A text is split by bge's own WordPiece tokenizer and its
 * vector is the L2-normalised sum of its tokens' (weighted) rows: no transformer runs, so it embeds thousands of
 * texts a second on one core, at a cost in quality (word order and context are lost). No length limit.
 *
 * <p>The table comes from the jar ({@code guard/embedding/static/bge-small-zh-v1.5-static.bin}, built by the Maven
 * build); a build that skipped it ({@code -Dguard.static.skip=true}) distils it on first use (about a minute on 2
 * cores) and keeps it in {@code cache} when one is given. Loads on first use; thread-safe.
 */
public final class StaticBgeSmallZhEmbedder implements TextEmbedder {

  public static final String MODEL_NAME = "bge-small-zh-v1.5-static";
  public static final int DIMENSIONS = 256;
  /** bge-small-zh-v1.5's vocabulary size. */
  static final int VOCABULARY = 21128;
  static final String TABLE_RESOURCE = "guard/embedding/static/bge-small-zh-v1.5-static.bin";
  private static final Logger log = LoggerFactory.getLogger(StaticBgeSmallZhEmbedder.class);

  private final Path cache;
  private volatile Loaded loaded;

  private record Loaded(StaticEmbeddingTable table, HuggingFaceTokenizer tokenizer) {}

  /** Table from the jar, else distilled in memory. */
  public StaticBgeSmallZhEmbedder() {
    this(null);
  }

  /** Table from the jar, else from {@code cache}, else distilled into {@code cache} (null: memory only). */
  public StaticBgeSmallZhEmbedder(Path cache) {
    this.cache = cache;
  }

  @Override
  public String modelName() {
    return MODEL_NAME;
  }

  public int dimensions() {
    return table().dims();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    Loaded l = loaded();
    float[] rows = l.table().rows();
    int dims = l.table().dims();
    List<float[]> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      float[] v = new float[dims];
      for (long id : l.tokenizer().encode(text, false, false).getIds()) {
        int at = (int) id * dims;
        for (int d = 0; d < dims; d++) {
          v[d] += rows[at + d];
        }
      }
      out.add(TextEmbedder.normalise(v));
    }
    return out;
  }

  StaticEmbeddingTable table() {
    return loaded().table();
  }

  private Loaded loaded() {
    Loaded l = loaded;
    if (l == null) {
      synchronized (this) {
        if (loaded == null) {
          try {
            loaded = new Loaded(loadTable(), StaticEmbeddingDistiller.tokenizer());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        l = loaded;
      }
    }
    return l;
  }

  private StaticEmbeddingTable loadTable() throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(TABLE_RESOURCE)) {
      if (in != null) {
        return StaticEmbeddingTable.read(in);
      }
    }
    String recipe = StaticEmbeddingDistiller.recipe();
    if (cache != null && Files.isRegularFile(cache)) {
      try (InputStream in = Files.newInputStream(cache)) {
        StaticEmbeddingTable t = StaticEmbeddingTable.read(in);
        if (t.recipe().equals(recipe)) {
          return t;
        }
      } catch (IOException e) {
        log.warn("Static embedding table {} unreadable ({}), distilling it again", cache, e.toString());
      }
    }
    log.warn("{} table not in the jar (built with -Dguard.static.skip=true?): distilling it from bge-small-zh-v1.5 "
        + "now, about a minute", MODEL_NAME);
    StaticEmbeddingTable t = StaticEmbeddingDistiller.distil(Integer.MAX_VALUE);
    if (cache != null) {
      StaticEmbeddingDistiller.write(t, cache);
      log.info("{} table kept in {}", MODEL_NAME, cache);
    }
    return t;
  }
}
