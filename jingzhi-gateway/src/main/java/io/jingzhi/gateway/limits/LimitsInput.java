package io.jingzhi.gateway.limits;

import java.time.Instant;
import java.util.Set;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;

/**
 * The limit fields of an API body or a bootstrap entry, checked the same way in both places: each is absent,
 * null or a positive whole number within bounds; {@code guaranteed_tps} only for tenants.
 */
record LimitsInput(Integer rpm, Integer tpm, Integer concurrency, Long dailyTokens, Long monthlyTokens,
    Integer guaranteedTps) {

  static final Set<String> FIELDS = Set.of("rpm", "tpm", "concurrency", "daily_tokens", "monthly_tokens",
      "guaranteed_tps");
  private static final long MAX_RATE = 1_000_000_000L;
  private static final long MAX_QUOTA = 1_000_000_000_000_000L;

  /**
   * Reads the fields of {@code node}, reporting each problem as (field path, message); null when any was found.
   *
   * @param extra fields the caller handles itself (for example {@code scope} and {@code code} in the bootstrap)
   */
  static LimitsInput read(JsonNode node, LimitScope scope, String path, Set<String> extra,
      BiConsumer<String, String> problem) {
    if (node == null || !node.isObject()) {
      problem.accept(path.isEmpty() ? "body" : path, "must be a JSON object with limit fields");
      return null;
    }
    int[] problems = {0};
    BiConsumer<String, String> report = (f, m) -> {
      problems[0]++;
      problem.accept(path.isEmpty() ? f : path + "." + f, m);
    };
    node.propertyNames().forEach(f -> {
      if (!FIELDS.contains(f) && !extra.contains(f)) {
        report.accept(f, "unknown field; limits are " + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    });
    Long rpm = number(node, "rpm", MAX_RATE, report);
    Long tpm = number(node, "tpm", MAX_RATE, report);
    Long concurrency = number(node, "concurrency", 1_000_000, report);
    Long day = number(node, "daily_tokens", MAX_QUOTA, report);
    Long month = number(node, "monthly_tokens", MAX_QUOTA, report);
    Long tps = number(node, "guaranteed_tps", MAX_RATE, report);
    if (tps != null && scope != LimitScope.TENANT) {
      report.accept("guaranteed_tps", "only tenants have a guaranteed token rate");
    }
    if (problems[0] == 0 && rpm == null && tpm == null && concurrency == null && day == null && month == null
        && tps == null) {
      report.accept("rpm", "set at least one limit (to remove all of them, delete the limits)");
    }
    return problems[0] > 0 ? null : new LimitsInput(toInt(rpm), toInt(tpm), toInt(concurrency), day, month,
        toInt(tps));
  }

  Limits toLimits(LimitScope scope, long scopeId, Instant at) {
    return new Limits(scope, scopeId, rpm, tpm, concurrency, dailyTokens, monthlyTokens, guaranteedTps, at);
  }

  private static Long number(JsonNode node, String field, long max, BiConsumer<String, String> report) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1 || v.asLong() > max) {
      report.accept(field, "must be a whole number from 1 to " + max + ", or null for no limit");
      return null;
    }
    return v.asLong();
  }

  private static Integer toInt(Long v) {
    return v == null ? null : v.intValue();
  }
}
