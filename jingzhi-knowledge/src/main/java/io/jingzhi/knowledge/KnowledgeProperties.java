package io.jingzhi.knowledge;

import io.jingzhi.knowledge.parse.ParseLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the knowledge hub ({@code jingzhi.knowledge.*}).
 *
 * @param maxFileSize largest file one upload may carry (20 MB by default)
 * @param defaultEmbeddingModel the embedding model of a new knowledge base when none is named
 * @param parsing limits of document parsing: extracted characters, timeout, zip inflation
 */
@ConfigurationProperties("jingzhi.knowledge")
public record KnowledgeProperties(
    DataSize maxFileSize,
    String defaultEmbeddingModel,
    ParseLimits parsing) {

  @ConstructorBinding
  public KnowledgeProperties(
      @DefaultValue("20MB") DataSize maxFileSize,
      @DefaultValue("bge-small-zh-v1.5") String defaultEmbeddingModel,
      @DefaultValue ParseLimits parsing) {
    this.maxFileSize = maxFileSize;
    this.defaultEmbeddingModel = defaultEmbeddingModel;
    this.parsing = parsing;
  }

  /** The settings of before parsing had limits of its own; parsing gets the defaults. */
  public KnowledgeProperties(DataSize maxFileSize, String defaultEmbeddingModel) {
    this(maxFileSize, defaultEmbeddingModel, ParseLimits.defaults());
  }
}
