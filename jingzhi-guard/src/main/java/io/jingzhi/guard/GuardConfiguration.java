package io.jingzhi.guard;

import io.jingzhi.common.db.ModuleSchema;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.lexicon.LexiconStore;
import io.jingzhi.guard.engine.lexicon.StarterLexicon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the guardrail: its settings, the keyword banks and the engine. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GuardProperties.class)
public class GuardConfiguration {

  @Bean
  ModuleSchema guardSchema() {
    return new ModuleSchema("guard", 200);
  }

  @Bean
  LexiconStore lexiconStore() {
    return new LexiconStore(StarterLexicon.load());
  }

  @Bean
  GuardEngine guardEngine(LexiconStore lexicons, GuardProperties properties,
      @Value("${jingzhi.data-dir:./data}") Path dataDir) {
    return GuardEngine.withDefaults(lexicons, maskingSalt(properties.maskingSalt(), dataDir));
  }

  /** The configured salt, or one created once under {@code dataDir/keys/guard-mask.key}. */
  static byte[] maskingSalt(String configured, Path dataDir) {
    if (configured != null && !configured.isBlank()) {
      return Base64.getDecoder().decode(configured.strip());
    }
    Path file = dataDir.resolve("keys").resolve("guard-mask.key");
    try {
      if (Files.exists(file)) {
        return Base64.getDecoder().decode(Files.readString(file).strip());
      }
      Files.createDirectories(file.getParent());
      byte[] salt = new byte[32];
      new SecureRandom().nextBytes(salt);
      Files.writeString(file, Base64.getEncoder().encodeToString(salt));
      return salt;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the masking salt " + file, e);
    }
  }
}
