package io.jingzhi.guard;

import io.jingzhi.common.db.ModuleSchema;
import io.jingzhi.guard.api.GuardEmbedder;
import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.semantic.SemanticClassifier;
import io.jingzhi.guard.api.embedding.TextEmbedder;
import io.jingzhi.guard.engine.lexicon.LexiconStore;
import io.jingzhi.guard.engine.lexicon.StarterLexicon;
import io.jingzhi.guard.engine.pii.CustomRuleStore;
import io.jingzhi.guard.engine.pii.Masker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the guardrail: its settings, schema, the keyword banks and the engine. */
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
  CustomRuleStore customRuleStore() {
    return new CustomRuleStore();
  }

  @Bean
  GuardEngine guardEngine(LexiconStore lexicons, CustomRuleStore customRules, GuardProperties properties,
      ObjectProvider<GuardEmbedder> embedder, @Value("${jingzhi.data-dir:./data}") Path dataDir,
      @Value("${jingzhi.guard.semantic-cache-entries:10000}") int cacheEntries) {
    SemanticClassifier semantic = properties.semantic()
        ? semanticClassifier(embedder.getIfAvailable(), cacheEntries) : null;
    return GuardEngine.withDefaults(lexicons, maskingSalt(properties.maskingSalt(), dataDir), customRules, semantic);
  }

  /**
   * The classifier trained at build time, over the embedder the gateway provides; none (rules only, logged) when no
   * embedder is there or it is not the model the classifier was trained for.
   */
  private static SemanticClassifier semanticClassifier(GuardEmbedder embedder, int cacheEntries) {
    if (embedder == null) {
      LoggerFactory.getLogger(GuardConfiguration.class).warn(
          "No embedding model for the guard's semantic classifier; the guard decides on its rules alone");
      return null;
    }
    TextEmbedder adapter = new TextEmbedder() {
      @Override
      public List<float[]> embed(List<String> texts) {
        return embedder.embedWithTokenMean(texts);
      }

      @Override
      public String modelName() {
        return embedder.modelName() + BatchedBgeSmallZhEmbedder.TOKEN_MEAN_SUFFIX;
      }
    };
    // Repeated prompts (the same question asked again, the same jailbreak wrapper) skip the model and the kNN scan
    // over the exemplars: an LRU of the normalised windows' scores, a few hundred bytes an entry. 0 switches it off.
    return SemanticClassifier.load(adapter, cacheEntries).orElse(null);
  }

  /** The engine's masking, for policies that name their own strategy and previews of custom rules (same salt). */
  @Bean
  Masker guardMasker(GuardProperties properties, @Value("${jingzhi.data-dir:./data}") Path dataDir) {
    return new Masker(maskingSalt(properties.maskingSalt(), dataDir));
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
