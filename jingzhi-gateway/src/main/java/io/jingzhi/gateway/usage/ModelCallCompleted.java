package io.jingzhi.gateway.usage;

import java.time.Instant;

/**
 * Published after every call through the gateway, successful or not: the raw material of metering, metrics
 * and audit. Listeners must be quick (queue it); they run on the request's thread.
 *
 * @param endpointId the endpoint that served it, or null (in-process, or no endpoint reached)
 * @param estimated tokens were counted by the gateway because the upstream did not report usage
 * @param status {@code ok}, {@code error}, {@code cancelled} (the client went away) or {@code rejected}
 * @param ttftMs time to first token (streams) or to the whole answer, or -1
 * @param queueWaitMs time spent waiting for capacity (limits, TPS oversubscription queue) before the upstream call
 * @param guardInput what the security guard did to the prompt: {@code block}, {@code answer} (the upstream was not
 *     called; a refusal or standard answer was returned), {@code mask}; null when it let the prompt pass untouched
 * @param guardOutput what the guard did to the generated text: {@code block} (replaced or cut, finish reason
 *     {@code content_filter}), {@code mask}; null when untouched
 */
public record ModelCallCompleted(
    Instant at,
    String api,
    long tenantId,
    Long projectId,
    Long appId,
    Long apiKeyId,
    long userId,
    String model,
    Long endpointId,
    int promptTokens,
    int completionTokens,
    boolean estimated,
    boolean stream,
    String status,
    int httpStatus,
    long ttftMs,
    long durationMs,
    long gatewayOverheadMicros,
    long queueWaitMs,
    String requestId,
    String guardInput,
    String guardOutput) {}
