package io.jingzhi.gateway.limits;

import java.time.Instant;

/**
 * The limits of one scope; a null field means no limit of that kind at this level.
 *
 * @param rpm requests per minute
 * @param tpm tokens (prompt and completion) per minute
 * @param concurrency requests in flight at once
 * @param dailyTokens tokens per calendar day (in the quota time zone)
 * @param monthlyTokens tokens per calendar month
 * @param guaranteedTps tokens per second the tenant is guaranteed when models are saturated (tenants only)
 */
public record Limits(LimitScope scope, long scopeId, Integer rpm, Integer tpm, Integer concurrency,
    Long dailyTokens, Long monthlyTokens, Integer guaranteedTps, Instant updatedAt) {

  /** The same limits with no change time, for comparing content. */
  public Limits withoutTime() {
    return new Limits(scope, scopeId, rpm, tpm, concurrency, dailyTokens, monthlyTokens, guaranteedTps, null);
  }
}
