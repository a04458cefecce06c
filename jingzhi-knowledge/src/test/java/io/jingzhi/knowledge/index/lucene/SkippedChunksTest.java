package io.jingzhi.knowledge.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.index.IndexedChunk;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class SkippedChunksTest {

  private static IndexedChunk chunk(long id, boolean enabled, boolean searchable) {
    return new IndexedChunk(id, 1, id, 1, 0, "文本 " + id, "文本 " + id, null, Map.of(), List.of(), null, enabled,
        searchable);
  }

  private static void add(IndexWriter w, IndexedChunk c) throws Exception {
    w.addDocument(ChunkDocuments.toDocument(c, VectorSimilarityFunction.DOT_PRODUCT, false));
    w.flush();
  }

  @Test
  void onlyParentsAndDisabledChunksNeedTheFilterAndDocValueUpdatesAreSeen() throws Exception {
    SkippedChunks skipped = new SkippedChunks();
    try (var dir = new ByteBuffersDirectory();
        var w = new IndexWriter(dir, new IndexWriterConfig(new ChineseAnalyzers().indexing()))) {
      add(w, chunk(1, true, true));
      add(w, chunk(2, true, true));
      try (DirectoryReader r = DirectoryReader.open(w)) {
        assertThat(r.leaves()).hasSize(2);
        assertThat(skipped.any(r)).isFalse();
      }

      w.updateNumericDocValue(new Term(ChunkDocuments.ID, "2"), ChunkDocuments.ENABLED, 0);
      try (DirectoryReader r = DirectoryReader.open(w)) {
        assertThat(skipped.any(r)).isTrue();
      }
      w.updateNumericDocValue(new Term(ChunkDocuments.ID, "2"), ChunkDocuments.ENABLED, 1);
      try (DirectoryReader r = DirectoryReader.open(w)) {
        assertThat(skipped.any(r)).isFalse();
      }

      add(w, chunk(3, true, false)); // a parent (small-to-big): stored, never matched
      try (DirectoryReader r = DirectoryReader.open(w)) {
        assertThat(skipped.any(r)).isTrue();
      }
      w.deleteDocuments(new Term(ChunkDocuments.ID, "3"));
      add(w, chunk(4, false, true)); // written disabled
      try (DirectoryReader r = DirectoryReader.open(w)) {
        assertThat(skipped.any(r)).isTrue();
      }
    }
    // every reader above is closed: their cached answers are dropped with them
    assertThat(skipped.cached()).isZero();
  }
}
