package io.jingzhi.knowledge;

import io.jingzhi.common.db.ModuleSchema;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the knowledge hub: its settings and schema. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KnowledgeProperties.class)
public class KnowledgeConfiguration {

  @Bean
  ModuleSchema knowledgeSchema() {
    return new ModuleSchema("knowledge", 400);
  }
}
