package io.jingzhi.gateway.registry;

import java.time.Instant;
import java.util.List;

/**
 * A registered model: what it is (kind, family, version, size, context length, modality, open or closed source,
 * tags), how it is served (provider {@code openai} over HTTP endpoints, or {@code in_process}), how requests are
 * spread over its endpoints ({@code routing}) and which models take over when it fails ({@code fallbacks}).
 */
public record Model(
    long id,
    String name,
    ModelKind kind,
    String provider,
    String family,
    String version,
    String parameterSize,
    Integer contextLength,
    String modality,
    Boolean openSource,
    List<String> tags,
    String description,
    String routing,
    List<String> fallbacks,
    boolean simulated,
    boolean enabled,
    List<String> aliases,
    List<Endpoint> endpoints,
    Instant createdAt,
    Instant updatedAt) {

  public static final String PROVIDER_OPENAI = "openai";
  public static final String PROVIDER_IN_PROCESS = "in_process";

  public Model {
    tags = List.copyOf(tags);
    fallbacks = List.copyOf(fallbacks);
    aliases = List.copyOf(aliases);
    endpoints = List.copyOf(endpoints);
  }
}
