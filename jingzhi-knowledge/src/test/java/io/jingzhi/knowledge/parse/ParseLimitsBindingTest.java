package io.jingzhi.knowledge.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.KnowledgeProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/**
 * The parsing limits bind from {@code jingzhi.knowledge.parsing.*}, the ingestion refresh settings from
 * {@code jingzhi.knowledge.ingest-refresh-*}, and both default when nothing is set.
 */
class ParseLimitsBindingTest {

  @EnableConfigurationProperties(KnowledgeProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

  @Test
  void defaults() {
    runner.run(context -> {
      KnowledgeProperties properties = context.getBean(KnowledgeProperties.class);
      assertThat(properties.maxFileSize()).isEqualTo(DataSize.ofMegabytes(20));
      assertThat(properties.defaultEmbeddingModel()).isEqualTo("bge-small-zh-v1.5");
      assertThat(properties.parsing()).isEqualTo(ParseLimits.defaults());
      assertThat(properties.ingestRefreshDocuments()).isEqualTo(64);
      assertThat(properties.ingestRefreshInterval()).isEqualTo(Duration.ofSeconds(1));
    });
  }

  @Test
  void ingestionRefreshSettings() {
    runner.withPropertyValues("jingzhi.knowledge.ingest-refresh-documents=200",
        "jingzhi.knowledge.ingest-refresh-interval=250ms").run(context -> {
          KnowledgeProperties properties = context.getBean(KnowledgeProperties.class);
          assertThat(properties.ingestRefreshDocuments()).isEqualTo(200);
          assertThat(properties.ingestRefreshInterval()).isEqualTo(Duration.ofMillis(250));
        });
    runner.withPropertyValues("jingzhi.knowledge.ingest-refresh-documents=0").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("ingest-refresh-documents"));
    runner.withPropertyValues("jingzhi.knowledge.ingest-refresh-interval=-1s").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("ingest-refresh-interval"));
  }

  @Test
  void settings() {
    runner.withPropertyValues("jingzhi.knowledge.max-file-size=50MB", "jingzhi.knowledge.parsing.timeout=30s",
        "jingzhi.knowledge.parsing.max-characters=1000", "jingzhi.knowledge.parsing.max-unzipped-size=64MB",
        "jingzhi.knowledge.parsing.max-compression-ratio=50").run(context -> {
          KnowledgeProperties properties = context.getBean(KnowledgeProperties.class);
          assertThat(properties.maxFileSize()).isEqualTo(DataSize.ofMegabytes(50));
          assertThat(properties.parsing()).isEqualTo(
              new ParseLimits(1000, Duration.ofSeconds(30), DataSize.ofMegabytes(64), 50));
        });
  }
}
