package io.jingzhi.gateway.metering;

/**
 * One group of a usage summary. {@code errors} counts calls that failed ({@code status = error});
 * {@code rejected} (refused before reaching a model) and {@code cancelled} (the client went away) are counted apart.
 * TTFT figures leave out calls that produced no token; {@code p95TtftMs} is the 95th percentile of the group.
 */
public record UsageSummaryRow(
    String key,
    String label,
    long requests,
    long errors,
    long rejected,
    long cancelled,
    long promptTokens,
    long completionTokens,
    long totalTokens,
    long estimatedRequests,
    Double avgTtftMs,
    Long p95TtftMs,
    Double avgDurationMs) {}
