package io.jingzhi.iam;

import io.jingzhi.common.db.ModuleSchema;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the identity module: its settings and its schema. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IamProperties.class)
public class IamConfiguration {

  @Bean
  ModuleSchema iamSchema() {
    return new ModuleSchema("iam", 100);
  }
}
