package io.jingzhi.knowledge.index.lucene;

import io.jingzhi.knowledge.index.KnowledgeIndex;
import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * The default codec with vectors up to {@link KnowledgeIndex#MAX_DIMENSION} dimensions (Lucene's HNSW format caps
 * them at 1024 by default, a guard against accidents rather than a limit of the format). The vector format keeps
 * the standard format's name, so indexes are written in and read back by the standard HNSW format: nothing custom
 * is stored on disk and no SPI registration is needed.
 */
final class HighDimensionCodec extends Lucene103Codec {

  private final KnnVectorsFormat vectors = new HighDimensionHnsw();

  @Override
  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
    return vectors;
  }

  private static final class HighDimensionHnsw extends KnnVectorsFormat {

    private final KnnVectorsFormat delegate = new Lucene99HnswVectorsFormat();

    HighDimensionHnsw() {
      super("Lucene99HnswVectorsFormat");
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
      return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
      return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
      return KnowledgeIndex.MAX_DIMENSION;
    }
  }
}
