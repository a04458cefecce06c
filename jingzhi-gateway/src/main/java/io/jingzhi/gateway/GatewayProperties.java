package io.jingzhi.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the model gateway, prefix {@code jingzhi.gateway}.
 *
 * @param secretKey base64 AES-256 key sealing upstream keys ({@code JINGZHI_SECRET_KEY}); generated under the
 *     data directory when empty
 * @param embeddedModel register the in-process bge-small-zh-v1.5 embedding model at start
 * @param maxAttempts attempts over endpoints and fallbacks before the first byte reaches the client
 */
@ConfigurationProperties("jingzhi.gateway")
public record GatewayProperties(
    String secretKey,
    @DefaultValue("true") boolean embeddedModel,
    @DefaultValue("3") int maxAttempts,
    @DefaultValue("50ms") Duration retryBackoff) {}
