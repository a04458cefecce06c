package io.jingzhi.knowledge;

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
 * @param ingestWorkers ingestion jobs run at once (each works through its files one by one)
 * @param embedBatchSize texts per embedding call; a pause or cancel takes effect between batches
 * @param importRowLimit most rows a JDBC import reads
 * @param fetchTimeout longest a URL import or a JDBC query may take
 */
@ConfigurationProperties("jingzhi.knowledge")
public record KnowledgeProperties(
    @DefaultValue("20MB") DataSize maxFileSize,
    @DefaultValue("bge-small-zh-v1.5") String defaultEmbeddingModel,
    @DefaultValue("2") int ingestWorkers,
    @DefaultValue("64") int embedBatchSize,
    @DefaultValue("100000") int importRowLimit,
    @DefaultValue("30s") Duration fetchTimeout) {

  @ConstructorBinding
  public KnowledgeProperties {}

  /** The original two settings; the others take their defaults. */
  public KnowledgeProperties(DataSize maxFileSize, String defaultEmbeddingModel) {
    this(maxFileSize, defaultEmbeddingModel, 2, 64, 100_000, Duration.ofSeconds(30));
  }
}
