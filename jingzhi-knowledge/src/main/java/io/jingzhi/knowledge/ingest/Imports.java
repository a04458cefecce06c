package io.jingzhi.knowledge.ingest;

import io.jingzhi.common.crypto.SecretBox;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.knowledge.KnowledgeProperties;
import io.jingzhi.knowledge.base.KnowledgeBase;
import io.jingzhi.knowledge.base.KnowledgeBaseService;
import io.jingzhi.knowledge.chunkstore.IndexEntries;
import io.jingzhi.knowledge.document.Document;
import io.jingzhi.knowledge.document.DocumentRepository;
import io.jingzhi.knowledge.document.FileStore;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The part of import and rebuild jobs that comes before the pipeline: fetching a URL or reading database rows into
 * a stored document (duplicates by content hash are recorded, not ingested again), and clearing a base's index at
 * the start of a rebuild.
 */
@Component
class Imports {

  private final UrlFetcher urls;
  private final JdbcRows jdbc;
  private final DocumentRepository documents;
  private final JobRepository jobs;
  private final FileStore files;
  private final KnowledgeIndex index;
  private final SecretBox secrets;
  private final KnowledgeProperties properties;
  private final TransactionTemplate tx;
  private final JsonMapper json;
  private final Clock clock;

  Imports(UrlFetcher urls, JdbcRows jdbc, DocumentRepository documents, JobRepository jobs, FileStore files,
      KnowledgeIndex index, SecretBox secrets, KnowledgeProperties properties, TransactionTemplate tx,
      JsonMapper json, Clock clock) {
    this.urls = urls;
    this.jdbc = jdbc;
    this.documents = documents;
    this.jobs = jobs;
    this.files = files;
    this.index = index;
    this.secrets = secrets;
    this.properties = properties;
    this.tx = tx;
    this.json = json;
    this.clock = clock;
  }

  /** Empties the base's index once per rebuild job (a resumed rebuild does not start over). */
  void beforeRebuild(KnowledgeBase base, Job job) {
    ObjectNode params = job.params() == null ? json.createObjectNode() : (ObjectNode) json.readTree(job.params());
    if (params.path("index_cleared").asBoolean(false)) {
      return;
    }
    index.deleteBase(base.id());
    // The emptied index takes the base's current dimension (it changes with the embedding model).
    index.ensureBase(base.id(), base.embeddingDimension(), KnowledgeBaseService.SIMILARITY);
    params.put("index_cleared", true);
    jobs.params(job.id(), json.writeValueAsString(params));
  }

  /** An import's document, or the document that already has its content. */
  record Materialized(Document document, Long duplicateOf) {}

  /**
   * Fetches or reads the source of an import file and stores it as a document of the base, unless the base already
   * has a document with the same content.
   */
  Materialized materialize(KnowledgeBase base, Job job, Job.JobFile file, Caller caller) {
    JsonNode params = json.readTree(job.params());
    Source source = switch (job.kind()) {
      case "import_url" -> urls.fetch(params.path("url").asString(), properties.maxFileSize().toBytes(),
          properties.fetchTimeout());
      case "import_jdbc" -> jdbc.read(params, password(params), properties.importRowLimit(),
          properties.fetchTimeout());
      default -> throw new IllegalStateException("job " + job.id() + " has a file without a document");
    };
    FileStore.Received received = files.receive(new ByteArrayInputStream(source.content()), Long.MAX_VALUE - 1);
    var existing = documents.byHash(base.id(), received.sha256());
    if (existing.isPresent()) {
      files.discard(received);
      return new Materialized(null, existing.get().id());
    }
    return tx.execute(status -> {
      long id = documents.insert(new io.jingzhi.knowledge.document.DocumentRepository.NewDocument(base.id(),
          base.tenantId(), source.filename(), received.size(), received.sha256(),
          job.kind().equals("import_url") ? "url" : "jdbc", source.reference(),
          params.path("metadata").isObject() ? json.writeValueAsString(params.path("metadata")) : "{}",
          job.createdBy()), clock.instant());
      files.keep(received, base.id(), id);
      jobs.fileDocument(file.id(), id, source.filename());
      return new Materialized(documents.find(id).orElseThrow(), null);
    });
  }

  private String password(JsonNode params) {
    String sealed = params.path("password_sealed").asString(null);
    return sealed == null ? null : secrets.decrypt(sealed);
  }

  /** What an import read: a file name for it, the bytes, and where it came from. */
  record Source(String filename, byte[] content, String reference) {}
}
