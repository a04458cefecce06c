package io.jingzhi.iam.bootstrap;

import java.util.Optional;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

/**
 * Looks variables up in the Spring environment: the process environment, system properties and any configured
 * property of that exact name. Values are taken raw, without Spring's own placeholder resolution, so a secret
 * that happens to contain {@code ${} stays as it is.
 */
@Component
class SpringEnvLookup implements EnvLookup {

  private final ConfigurableEnvironment environment;

  SpringEnvLookup(ConfigurableEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Optional<String> find(String name) {
    for (PropertySource<?> source : environment.getPropertySources()) {
      Object value = source.getProperty(name);
      if (value != null) {
        return Optional.of(String.valueOf(value));
      }
    }
    return Optional.empty();
  }
}
