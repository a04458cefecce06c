package io.jingzhi.server;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Process settings, prefix {@code jingzhi}.
 *
 * @param dataDir where the embedded database, indexes and keys live ({@code JINGZHI_DATA_DIR})
 * @param maxBodySize largest accepted JSON body on the APIs; uploads have their own limit
 * @param publicUrl the address users open, printed at start
 */
@ConfigurationProperties("jingzhi")
public record ServerProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("2MB") DataSize maxBodySize,
    String publicUrl) {}
