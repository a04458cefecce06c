package io.jingzhi.knowledge;

import io.jingzhi.knowledge.parse.ParseLimits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the knowledge hub ({@code jingzhi.knowledge.*}).
 *
 * @param maxFileSize largest file one upload may carry (20 MB by default)
 * @param defaultEmbeddingModel the embedding model of a new knowledge base when none is named
 * @param parsing limits of document parsing: extracted characters, timeout, zip inflation
 * @param ingestWorkers ingestion jobs run at once (each works through its files one by one)
 * @param embedBatchSize texts per embedding call; a pause or cancel takes effect between batches
 * @param ingestRefreshDocuments most documents an ingestion job writes to the index between two refreshes (one
 *     refresh makes the batch searchable, then its documents are marked ready); at least 1
 * @param ingestRefreshInterval the longest a document written by a job waits for its refresh (checked between
 *     documents), so ready comes at most about this late
 * @param importRowLimit most rows a JDBC import reads
 * @param fetchTimeout longest a URL import or a JDBC query may take
 * @param allowPrivateNetworks whether a URL import may fetch from loopback and private addresses; true by default
 *     since departments import from their intranet, false where tenants must not reach the platform's own network
 *     (judged on every redirect hop, as the workflow HTTP node does); link-local addresses (169.254.0.0/16, cloud
 *     metadata services) are refused either way
 */
@ConfigurationProperties("jingzhi.knowledge")
public record KnowledgeProperties(
    DataSize maxFileSize,
    String defaultEmbeddingModel,
    ParseLimits parsing,
    int ingestWorkers,
    int embedBatchSize,
    int ingestRefreshDocuments,
    Duration ingestRefreshInterval,
    int importRowLimit,
    Duration fetchTimeout,
    boolean allowPrivateNetworks) {

  @ConstructorBinding
  public KnowledgeProperties(
      @DefaultValue("20MB") DataSize maxFileSize,
      @DefaultValue("bge-small-zh-v1.5") String defaultEmbeddingModel,
      @DefaultValue ParseLimits parsing,
      @DefaultValue("2") int ingestWorkers,
      @DefaultValue("64") int embedBatchSize,
      @DefaultValue("64") int ingestRefreshDocuments,
      @DefaultValue("1s") Duration ingestRefreshInterval,
      @DefaultValue("100000") int importRowLimit,
      @DefaultValue("30s") Duration fetchTimeout,
      @DefaultValue("true") boolean allowPrivateNetworks) {
    this.maxFileSize = maxFileSize;
    this.defaultEmbeddingModel = defaultEmbeddingModel;
    this.parsing = parsing;
    this.ingestWorkers = ingestWorkers;
    this.embedBatchSize = embedBatchSize;
    if (ingestRefreshDocuments < 1 || ingestRefreshInterval == null || ingestRefreshInterval.isNegative()) {
      throw new IllegalArgumentException("jingzhi.knowledge.ingest-refresh-documents must be at least 1 and "
          + "ingest-refresh-interval not negative");
    }
    this.ingestRefreshDocuments = ingestRefreshDocuments;
    this.ingestRefreshInterval = ingestRefreshInterval;
    this.importRowLimit = importRowLimit;
    this.fetchTimeout = fetchTimeout;
    this.allowPrivateNetworks = allowPrivateNetworks;
  }

  /** The settings of before parsing had limits of its own; parsing gets the defaults. */
  public KnowledgeProperties(DataSize maxFileSize, String defaultEmbeddingModel) {
    this(maxFileSize, defaultEmbeddingModel, ParseLimits.defaults());
  }

  /** The settings of before ingestion had settings of its own; ingestion gets the defaults. */
  public KnowledgeProperties(DataSize maxFileSize, String defaultEmbeddingModel, ParseLimits parsing) {
    this(maxFileSize, defaultEmbeddingModel, parsing, 2, 64, 64, Duration.ofSeconds(1), 100_000,
        Duration.ofSeconds(30), true);
  }
}
