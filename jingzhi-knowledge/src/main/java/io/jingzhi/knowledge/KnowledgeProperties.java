package io.jingzhi.knowledge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the knowledge hub ({@code jingzhi.knowledge.*}).
 *
 * @param maxFileSize largest file one upload may carry (20 MB by default)
 * @param defaultEmbeddingModel the embedding model of a new knowledge base when none is named
 */
@ConfigurationProperties("jingzhi.knowledge")
public record KnowledgeProperties(
    @DefaultValue("20MB") DataSize maxFileSize,
    @DefaultValue("bge-small-zh-v1.5") String defaultEmbeddingModel) {}
