package io.jingzhi.gateway.benchmark;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of benchmark runs, prefix {@code jingzhi.gateway.benchmark} (a record of its own beside
 * {@code GatewayProperties} so that the feature stays in its package).
 *
 * @param maxConcurrentRuns runs executing at once on this node; further runs wait queued
 * @param maxDuration longest a run may take; it then fails with what it measured so far
 * @param baseUrl where the runs reach this server's OpenAI-compatible API; empty: {@code http://127.0.0.1:<port>/v1}
 *     (set it when the server listens only on TLS or another interface)
 * @param progressInterval how often the progress of running runs is written and cancels from other nodes noticed
 */
@ConfigurationProperties("jingzhi.gateway.benchmark")
public record BenchmarkProperties(
    @DefaultValue("2") int maxConcurrentRuns,
    @DefaultValue("2h") Duration maxDuration,
    String baseUrl,
    @DefaultValue("2s") Duration progressInterval) {}
