package io.jingzhi.agent;

import io.jingzhi.common.db.ModuleSchema;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the agent module: its settings and schema. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AgentProperties.class)
public class AgentConfiguration {

  @Bean
  ModuleSchema agentSchema() {
    return new ModuleSchema("agent", 500);
  }
}
