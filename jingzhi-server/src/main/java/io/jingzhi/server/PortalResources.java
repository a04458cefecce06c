package io.jingzhi.server;

import java.io.IOException;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the portal (built into {@code classpath:/static}). Paths of the single-page app that are not files
 * get {@code index.html}; API paths never do, so unknown API paths answer 404 problems.
 */
@Configuration(proxyBeanMethods = false)
class PortalResources implements WebMvcConfigurer {

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler("/**")
        .addResourceLocations("classpath:/static/")
        .resourceChain(true)
        .addResolver(new PathResourceResolver() {
          @Override
          protected Resource getResource(String path, Resource location) throws IOException {
            Resource file = super.getResource(path, location);
            if (file != null) {
              return file;
            }
            if (isApi(path) || path.contains(".")) {
              return null;
            }
            Resource index = new ClassPathResource("/static/index.html");
            return index.exists() ? index : null;
          }
        });
  }

  private static boolean isApi(String path) {
    return path.startsWith("api/") || path.startsWith("v1/") || path.startsWith("actuator/")
        || path.startsWith("v3/") || path.equals("api") || path.equals("v1");
  }
}
