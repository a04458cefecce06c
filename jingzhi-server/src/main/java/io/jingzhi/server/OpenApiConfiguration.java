package io.jingzhi.server;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document must describe the JSON the API really speaks. springdoc builds schemas with swagger-core's
 * own (Jackson 2) mapper, which does not see the application's snake_case naming, so it would publish
 * {@code parentId} where the API reads and writes {@code parent_id}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  ModelResolver snakeCaseModelResolver() {
    return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
  }
}
