package io.jingzhi.knowledge.ingest;

import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.knowledge.KnowledgeProperties;
import io.jingzhi.knowledge.base.BaseSettings;
import io.jingzhi.knowledge.base.KnowledgeBase;
import io.jingzhi.knowledge.chunk.Chunk;
import io.jingzhi.knowledge.chunkstore.ChunkRepository;
import io.jingzhi.knowledge.chunkstore.ChunkRepository.NewChunk;
import io.jingzhi.knowledge.chunkstore.IndexEntries;
import io.jingzhi.knowledge.chunkstore.StoredChunk;
import io.jingzhi.knowledge.document.Document;
import io.jingzhi.knowledge.document.DocumentRepository;
import io.jingzhi.knowledge.document.FileStore;
import io.jingzhi.knowledge.parse.DocumentParser;
import io.jingzhi.knowledge.parse.DocumentRejected;
import io.jingzhi.knowledge.parse.ParsedDocument;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pipeline of one document: parse → clean (quality report kept) → chunk with the base's settings → embed in
 * batches through the gateway as the job's creator → store chunks with their vectors → index. The old chunks of a
 * re-ingested document are replaced only once the new ones are complete, so a failure on the way loses nothing.
 */
@Component
class DocumentIngestor {

  private final DocumentParser parser;
  private final Preparation preparation;
  private final ModelClient models;
  private final DocumentRepository documents;
  private final ChunkRepository chunks;
  private final IndexEntries entries;
  private final FileStore files;
  private final BaseSettings settings;
  private final KnowledgeProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;

  DocumentIngestor(DocumentParser parser, Preparation preparation, ModelClient models, DocumentRepository documents,
      ChunkRepository chunks, IndexEntries entries, FileStore files, BaseSettings settings,
      KnowledgeProperties properties, TransactionTemplate tx, Clock clock) {
    this.parser = parser;
    this.preparation = preparation;
    this.models = models;
    this.documents = documents;
    this.chunks = chunks;
    this.entries = entries;
    this.files = files;
    this.settings = settings;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
  }

  /** What a document became: its parsed facts and chunks before embedding. */
  record Prepared(String title, String format, String mediaType, int pages, String text, List<Chunk> chunks,
      String qualityJson, Integer qualityScore) {}

  /**
   * Ingests one stored document from its original; returns the number of chunks stored. The document stays
   * 'processing' and its index entries may not be visible yet: the caller refreshes the base's index
   * ({@link IndexEntries#refresh}) and then marks it ready, once for a batch of documents.
   */
  int ingest(KnowledgeBase base, Document doc, Caller caller, JobControl control) {
    Prepared prepared = prepare(base, doc);
    control.check();
    List<float[]> vectors = embed(base, caller, prepared.chunks().stream().map(Chunk::indexText).toList(), control);
    List<NewChunk> rows = new ArrayList<>(prepared.chunks().size());
    for (int i = 0; i < prepared.chunks().size(); i++) {
      Chunk c = prepared.chunks().get(i);
      rows.add(new NewChunk(c.ordinal(), c.text(), c.matchText(), c.headingPath(), c.metadata(), c.parent(),
          c.searchable(), vectors.get(i)));
    }
    control.check();
    List<StoredChunk> stored = tx.execute(status -> {
      List<StoredChunk> saved = chunks.replace(base.id(), doc.id(), base.tenantId(), rows);
      documents.stored(doc.id(), prepared.title(), prepared.format(), prepared.mediaType(), prepared.pages(),
          saved.size(), prepared.qualityScore(), prepared.qualityJson(), clock.instant());
      return saved;
    });
    files.writeText(base.id(), doc.id(), prepared.text());
    entries.reindexDocument(base.id(), doc.id(), stored, false);
    return stored.size();
  }

  /**
   * Re-indexes a document's stored chunks, re-embedding them when the base's model changed since; visible after the
   * caller's refresh, as for {@link #ingest}.
   */
  int reindex(KnowledgeBase base, Document doc, Caller caller, JobControl control) {
    List<StoredChunk> current = chunks.ofDocument(doc.id());
    boolean reembed = base.vectorsStale() || current.stream()
        .anyMatch(c -> c.vector() == null || c.vector().length != base.embeddingDimension());
    if (reembed) {
      List<StoredChunk> old = current;
      List<float[]> vectors = embed(base, caller, old.stream().map(StoredChunk::indexText).toList(), control);
      tx.executeWithoutResult(status -> {
        for (int i = 0; i < old.size(); i++) {
          chunks.vector(old.get(i).id(), vectors.get(i));
        }
      });
      current = chunks.ofDocument(doc.id());
    }
    control.check();
    entries.reindexDocument(base.id(), doc.id(), current, false);
    return current.size();
  }

  private Prepared prepare(KnowledgeBase base, Document doc) {
    var path = files.original(base.id(), doc.id());
    if (!Files.isRegularFile(path)) {
      throw new DocumentRejected("corrupt", "the original file is missing from the store");
    }
    ParsedDocument parsed = parser.parse(doc.filename(), path);
    Preparation.Cleaned cleaned = preparation.clean(parsed, settings.cleaningOptions(base.cleaning()));
    List<Chunk> cut = preparation.chunk(cleaned.document(), settings.chunkingSettings(base.chunking()));
    if (cut.isEmpty()) {
      throw new DocumentRejected("empty", "the document has no text to index");
    }
    return new Prepared(parsed.title(), parsed.format(), parsed.mediaType(), parsed.pageCount(),
        cleaned.document().text(), cut, cleaned.reportJson(), cleaned.score());
  }

  private List<float[]> embed(KnowledgeBase base, Caller caller, List<String> texts, JobControl control) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    int batch = Math.max(1, properties.embedBatchSize());
    for (int from = 0; from < texts.size(); from += batch) {
      control.check();
      List<float[]> part = models.embed(caller, base.embeddingModel(),
          texts.subList(from, Math.min(texts.size(), from + batch)));
      for (float[] v : part) {
        if (v.length != base.embeddingDimension()) {
          throw new DocumentRejected("embedding", "the model " + base.embeddingModel() + " answered " + v.length
              + " dimensions, the base has " + base.embeddingDimension() + "; rebuild the base");
        }
      }
      vectors.addAll(part);
    }
    return vectors;
  }
}
