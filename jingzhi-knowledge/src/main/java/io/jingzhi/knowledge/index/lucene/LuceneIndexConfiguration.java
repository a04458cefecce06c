package io.jingzhi.knowledge.index.lucene;

import io.jingzhi.knowledge.index.KnowledgeIndex;
import io.jingzhi.knowledge.retrieval.Retriever;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded Lucene index as the {@link KnowledgeIndex} bean, under {@code ${jingzhi.data-dir}/knowledge/index}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LuceneIndexConfiguration.IndexProperties.class)
public class LuceneIndexConfiguration {

  /**
   * Settings of the embedded index ({@code jingzhi.knowledge.index.*}).
   *
   * @param path where the indexes live; empty: {@code ${jingzhi.data-dir}/knowledge/index}
   * @param commitInterval how often changed bases are committed (the writes a crash can lose; searches see writes
   *     at once regardless)
   * @param wordsWeight BM25 weight of the smartcn word field
   * @param bigramWeight BM25 weight of the character-bigram field
   * @param searchConcurrency retrievals searching the index at once, the others wait their turn in arrival order;
   *     0 (default): the number of cores (index searches are CPU-bound, more at once only share the cores)
   */
  @ConfigurationProperties("jingzhi.knowledge.index")
  public record IndexProperties(@DefaultValue("") String path, @DefaultValue("5s") Duration commitInterval,
      @DefaultValue("1.0") float wordsWeight, @DefaultValue("1.0") float bigramWeight,
      @DefaultValue("0") int searchConcurrency) {

    public IndexProperties {
      if (searchConcurrency < 0) {
        throw new IllegalArgumentException("jingzhi.knowledge.index.search-concurrency must be 0 (the number of "
            + "cores) or more, got " + searchConcurrency);
      }
    }
  }

  @Bean(destroyMethod = "close")
  KnowledgeIndex knowledgeIndex(IndexProperties properties, @Value("${jingzhi.data-dir:./data}") Path dataDir) {
    Path root = properties.path().isBlank() ? dataDir.resolve("knowledge").resolve("index") : Path.of(
        properties.path());
    return new LuceneKnowledgeIndex(root, properties.commitInterval(), properties.wordsWeight(),
        properties.bigramWeight());
  }

  @Bean
  Retriever retriever(KnowledgeIndex index, IndexProperties properties) {
    return new Retriever(index, properties.searchConcurrency());
  }
}
