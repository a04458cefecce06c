package io.jingzhi.gateway.benchmark;

/**
 * One point of a run's chart.
 *
 * @param tS end of the interval, seconds since the measured phase began
 * @param completed successful requests finished up to {@code tS} (cumulative)
 * @param ttftMsP50 median TTFT of the requests finished in this interval; null when none finished
 * @param outputTokensPerS output tokens generated in this interval per second (each request's tokens are spread
 *     evenly between its first token and its end)
 */
public record TimelinePoint(double tS, int completed, Double ttftMsP50, double outputTokensPerS) {}
