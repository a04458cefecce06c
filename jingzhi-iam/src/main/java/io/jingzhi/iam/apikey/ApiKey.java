package io.jingzhi.iam.apikey;

import java.time.Instant;
import java.util.List;

/** A stored API key: only its hash and visible prefix are kept. */
public record ApiKey(
    long id,
    long appId,
    String name,
    String prefix,
    String keyHash,
    List<String> models,
    Limits limits,
    Instant expiresAt,
    Instant revokedAt,
    Instant lastUsedAt,
    Long createdBy,
    Instant createdAt) {

  /** Per-key limits; null means no limit of that kind beyond the app's, project's and tenant's. */
  public record Limits(Integer rpm, Integer tpm, Integer concurrency) {
    public static final Limits NONE = new Limits(null, null, null);
  }

  public String status(Instant now) {
    if (revokedAt != null) {
      return "revoked";
    }
    return expiresAt != null && !expiresAt.isAfter(now) ? "expired" : "active";
  }

  /** An empty model list allows every model the tenant may use. */
  public boolean allowsModel(String model) {
    return models.isEmpty() || models.contains("*") || models.contains(model);
  }
}
