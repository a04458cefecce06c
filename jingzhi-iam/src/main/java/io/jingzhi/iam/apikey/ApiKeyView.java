package io.jingzhi.iam.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** An API key as the API shows it; {@code key} is present only in the response that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyView(
    long id,
    long appId,
    String name,
    String prefix,
    List<String> models,
    ApiKey.Limits limits,
    Instant expiresAt,
    Instant revokedAt,
    String status,
    Instant lastUsedAt,
    Instant createdAt,
    String key) {

  static ApiKeyView of(ApiKey k, Instant now, String secret) {
    return new ApiKeyView(k.id(), k.appId(), k.name(), k.prefix(), k.models(), k.limits(), k.expiresAt(),
        k.revokedAt(), k.status(now), k.lastUsedAt(), k.createdAt(), secret);
  }
}
