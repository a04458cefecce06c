package io.jingzhi.gateway.metering;

import java.time.Instant;

/**
 * One stored call through the gateway, with the names of the tenant, project, app, key and user it was made
 * under (null when that object has been deleted since).
 *
 * @param ttftMs time to first token (streams) or to the whole answer; -1 when no token came
 * @param gatewayOverheadUs time the gateway itself added before the first token, in microseconds; -1 when unknown
 * @param guardInput what the security guard did to the prompt ({@code block}, {@code answer}, {@code mask}) or null
 * @param guardOutput what the security guard did to the output ({@code block}, {@code mask}) or null
 */
public record UsageRecord(
    long id,
    Instant at,
    String api,
    long tenantId,
    String tenantName,
    Long projectId,
    String projectName,
    Long appId,
    String appCode,
    Long apiKeyId,
    String keyName,
    long userId,
    String username,
    String model,
    Long endpointId,
    int promptTokens,
    int completionTokens,
    int totalTokens,
    boolean estimated,
    boolean stream,
    String status,
    int httpStatus,
    long ttftMs,
    long durationMs,
    long gatewayOverheadUs,
    long queueWaitMs,
    String requestId,
    String guardInput,
    String guardOutput) {}
