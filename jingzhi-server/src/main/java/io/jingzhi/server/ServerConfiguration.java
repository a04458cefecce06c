package io.jingzhi.server;

import io.jingzhi.common.db.ModuleMigrations;
import io.jingzhi.common.db.ModuleSchema;
import io.jingzhi.common.web.BodySizeLimitFilter;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Process-wide pieces: the clock, schema migrations of every module, and request body limits. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServerProperties.class)
public class ServerConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean(initMethod = "migrate")
  ModuleMigrations moduleMigrations(DataSource dataSource, List<ModuleSchema> schemas) {
    return new ModuleMigrations(dataSource, schemas);
  }

  @Bean
  FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(ServerProperties properties, JsonMapper json) {
    var registration = new FilterRegistrationBean<>(
        new BodySizeLimitFilter(properties.maxBodySize().toBytes(), json));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    registration.addUrlPatterns("/api/*", "/v1/*");
    return registration;
  }
}
