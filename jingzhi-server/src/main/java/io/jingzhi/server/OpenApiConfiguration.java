package io.jingzhi.server;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Describes the platform API in the OpenAPI document served at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI jingzhiOpenApi() {
    return new OpenAPI()
        .info(new Info().title("Jingzhi (京智) platform API").version("v1")
            .description("Platform REST API under /api/v1 (snake_case JSON, RFC 9457 problem details). "
                + "Authenticate with Authorization: Bearer <session token or API key>."))
        .components(new Components().addSecuritySchemes("bearer",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }

  /**
   * The document must describe the JSON the API really speaks. springdoc builds schemas with swagger-core's own
   * (Jackson 2) mapper, which does not see the application's snake_case naming, so it would publish
   * {@code parentId} where the API reads and writes {@code parent_id}.
   */
  @Bean
  ModelResolver snakeCaseModelResolver() {
    return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
  }
}
