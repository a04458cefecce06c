package io.jingzhi.bench.retrieval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.FSDirectory;

/**
 * An experiment, not a product path: copies a bench index (kb-1 of {@code HybridSearchLoad}'s index directory)
 * into a new directory whose vectors are int7 scalar-quantized HNSW (Lucene99HnswScalarQuantizedVectorsFormat, the
 * float vectors kept beside them), one segment. The product's index reads such a segment by its format name, so
 * {@link SearchCpu} can measure CPU per query and HNSW recall on it against the float index.
 *
 * <p>Usage: {@code QuantizedCopy from-index-dir to-index-dir} (e.g. {@code …/hybrid-index …/hybrid-index-int7}).
 */
public final class QuantizedCopy {

  private QuantizedCopy() {}

  public static void main(String[] args) throws Exception {
    Path from = Path.of(args[0]).resolve("kb-1");
    Path to = Path.of(args[1]).resolve("kb-1");
    Files.createDirectories(to.resolve("lucene"));
    Files.copy(from.resolve("base.properties"), to.resolve("base.properties"), StandardCopyOption.REPLACE_EXISTING);
    KnnVectorsFormat int7 = new Lucene99HnswScalarQuantizedVectorsFormat();
    long start = System.nanoTime();
    try (var src = FSDirectory.open(from.resolve("lucene")); var reader = DirectoryReader.open(src);
        var dst = FSDirectory.open(to.resolve("lucene"));
        var writer = new IndexWriter(dst, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setCodec(new Lucene103Codec() {
              @Override
              public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return int7;
              }
            }))) {
      CodecReader[] leaves = reader.leaves().stream().map(LeafReaderContext::reader).map(r -> (CodecReader) r)
          .toArray(CodecReader[]::new);
      writer.addIndexes(leaves);
      writer.forceMerge(1);
      writer.commit();
      System.out.printf("copied %d documents into %s with int7 vectors in %.0f s%n", writer.getDocStats().numDocs,
          to, (System.nanoTime() - start) / 1e9);
    }
  }
}
