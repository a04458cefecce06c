package io.jingzhi.gateway;

import io.jingzhi.common.crypto.SecretBox;
import io.jingzhi.common.db.ModuleSchema;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the gateway module: its settings, schema and the box that seals upstream keys. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayConfiguration {

  @Bean
  ModuleSchema gatewaySchema() {
    return new ModuleSchema("gateway", 300);
  }

  @Bean
  SecretBox secretBox(GatewayProperties properties, @Value("${jingzhi.data-dir:./data}") Path dataDir) {
    return SecretBox.load(properties.secretKey(), dataDir);
  }
}
