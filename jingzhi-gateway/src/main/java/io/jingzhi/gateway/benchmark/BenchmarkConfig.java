package io.jingzhi.gateway.benchmark;

import io.jingzhi.common.error.ApiException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a benchmark run does, as posted to {@code POST /api/v1/benchmarks} and stored with the run (with its
 * defaults filled in, so a retry repeats it exactly, the Poisson seed included).
 *
 * @param mode {@code concurrency}: {@code concurrency} workers each send a request as soon as their previous one
 *     finished; {@code poisson}: requests arrive at {@code rate} per second with exponential gaps, at most
 *     {@code concurrency} (default {@value #DEFAULT_POISSON_IN_FLIGHT}) in flight
 * @param requests measured requests; {@code warmupRequests} more are sent first and left out of the results
 * @param prompt the user message; or {@code promptTokens} for a synthesised one of about that many tokens
 */
public record BenchmarkConfig(String name, String model, String mode, Integer concurrency, Double rate,
    Integer requests, Integer warmupRequests, String prompt, Integer promptTokens, Integer maxTokens,
    Boolean stream, Slo slo, Long seed) {

  public static final String CONCURRENCY = "concurrency";
  public static final String POISSON = "poisson";
  static final int MAX_CONCURRENCY = 2000;
  static final int DEFAULT_POISSON_IN_FLIGHT = 1000;
  static final String DEFAULT_PROMPT = "请问在本市办理居住证需要准备哪些材料？办理流程是怎样的，大概需要多长时间？";

  /** The config with every default filled in, or a 400 naming the first invalid field. */
  BenchmarkConfig normalized() {
    String n = name == null || name.isBlank() ? null : name.strip();
    if (n != null && n.length() > 128) {
      throw ApiException.invalid("name", "at most 128 characters");
    }
    if (model == null || model.isBlank()) {
      throw ApiException.invalid("model", "is required");
    }
    if (mode == null || !(mode.equals(CONCURRENCY) || mode.equals(POISSON))) {
      throw ApiException.invalid("mode", "must be concurrency or poisson");
    }
    if (concurrency != null && (concurrency < 1 || concurrency > MAX_CONCURRENCY)) {
      throw ApiException.invalid("concurrency", "must be between 1 and " + MAX_CONCURRENCY);
    }
    if (mode.equals(CONCURRENCY)) {
      if (concurrency == null) {
        throw ApiException.invalid("concurrency", "is required in concurrency mode");
      }
      if (rate != null) {
        throw ApiException.invalid("rate", "applies to poisson mode only");
      }
    } else if (rate == null || !(rate > 0) || rate > 10_000) {
      throw ApiException.invalid("rate", "requests per second, above 0 and at most 10000, required in poisson mode");
    }
    requireRange("requests", requests, 1, 100_000, true);
    requireRange("warmup_requests", warmupRequests, 0, 10_000, false);
    requireRange("prompt_tokens", promptTokens, 1, 32_768, false);
    requireRange("max_tokens", maxTokens, 1, 32_768, false);
    if (prompt != null && promptTokens != null) {
      throw ApiException.invalid("prompt_tokens", "give either prompt or prompt_tokens, not both");
    }
    if (prompt != null && (prompt.isBlank() || prompt.length() > 200_000)) {
      throw ApiException.invalid("prompt", "must be non-blank text of at most 200000 characters");
    }
    if (slo != null) {
      requirePositive("slo.ttft_ms", slo.ttftMs());
      requirePositive("slo.tpot_ms", slo.tpotMs());
      requirePositive("slo.e2e_ms", slo.e2eMs());
    }
    return new BenchmarkConfig(n, model.strip(), mode,
        concurrency != null ? concurrency : DEFAULT_POISSON_IN_FLIGHT, rate, requests,
        warmupRequests == null ? 0 : warmupRequests, promptTokens == null && prompt == null ? DEFAULT_PROMPT : prompt,
        promptTokens, maxTokens == null ? 128 : maxTokens, stream == null || stream,
        slo == null || slo.isEmpty() ? null : slo, seed != null ? seed : ThreadLocalRandom.current().nextLong());
  }

  int total() {
    return requests + warmupRequests;
  }

  private static void requireRange(String field, Integer value, int min, int max, boolean required) {
    if (value == null) {
      if (required) {
        throw ApiException.invalid(field, "is required");
      }
      return;
    }
    if (value < min || value > max) {
      throw ApiException.invalid(field, "must be between " + min + " and " + max);
    }
  }

  private static void requirePositive(String field, Double value) {
    if (value != null && !(value > 0 && value < 1e9)) {
      throw ApiException.invalid(field, "must be a positive number of milliseconds");
    }
  }
}
