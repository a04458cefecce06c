package io.jingzhi.gateway.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One upstream replica serving a model: an OpenAI-style base URL (for example {@code http://10.0.0.5:8000/v1}),
 * its own name of the model, a key (stored encrypted, never shown), weight, priority tier (lower first), a
 * concurrency cap and timeouts in milliseconds.
 */
public record Endpoint(
    long id,
    String url,
    String upstreamModel,
    @JsonIgnore String apiKeySealed,
    int weight,
    int priority,
    Integer maxConcurrency,
    int connectTimeoutMs,
    int firstTokenTimeoutMs,
    int idleTimeoutMs,
    int totalTimeoutMs,
    boolean enabled) {

  @com.fasterxml.jackson.annotation.JsonProperty("has_api_key")
  public boolean hasApiKey() {
    return apiKeySealed != null;
  }

  /** The URL of an OpenAI path under this endpoint's base, e.g. {@code /chat/completions}. */
  public String resolve(String path) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return base + path;
  }
}
