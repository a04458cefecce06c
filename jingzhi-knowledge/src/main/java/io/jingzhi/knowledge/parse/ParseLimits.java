package io.jingzhi.knowledge.parse;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The limits a parser keeps so that one hostile file cannot hang or exhaust the node
 * ({@code jingzhi.knowledge.parsing.*}). The upload size itself is {@code jingzhi.knowledge.max-file-size}.
 *
 * @param maxCharacters the most text one file may yield; more is rejected as {@code too_large}
 * @param timeout how long one file may take to parse; longer is rejected as {@code timeout}
 * @param maxUnzippedSize the most a zip-based file (docx, xlsx, pptx, ofd ...) may inflate to in total
 * @param maxCompressionRatio the largest ratio of inflated to compressed bytes a zip-based file may have once it
 *     inflates past 10 MB (real office files stay well under 100)
 */
public record ParseLimits(
    @DefaultValue("10000000") int maxCharacters,
    @DefaultValue("120s") Duration timeout,
    @DefaultValue("512MB") DataSize maxUnzippedSize,
    @DefaultValue("100") int maxCompressionRatio) {

  public static ParseLimits defaults() {
    return new ParseLimits(10_000_000, Duration.ofSeconds(120), DataSize.ofMegabytes(512), 100);
  }
}
