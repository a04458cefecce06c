package io.jingzhi.knowledge.ingest;

import io.jingzhi.knowledge.chunk.Chunk;
import io.jingzhi.knowledge.chunk.ChunkingSettings;
import io.jingzhi.knowledge.chunk.ChunkingStrategy;
import io.jingzhi.knowledge.parse.DocumentRejected;
import io.jingzhi.knowledge.parse.ParsedDocument;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The steps between parsing and embedding: cleaning (with its quality report) and chunking with the base's
 * settings. Tables (csv, xlsx, xls, et) always go through the table strategy: each row becomes a record.
 */
@Component
class Preparation {

  static final Set<String> TABULAR = Set.of("csv", "xlsx", "xls", "et");

  private final Map<String, ChunkingStrategy> strategies;

  Preparation(List<ChunkingStrategy> strategies) {
    this.strategies = strategies.stream().collect(Collectors.toMap(ChunkingStrategy::name, Function.identity(),
        (a, b) -> a));
  }

  /** A cleaned document with its quality report (JSON) and score, null when no report was made. */
  record Cleaned(ParsedDocument document, String reportJson, Integer score) {}

  Cleaned clean(ParsedDocument document) {
    return new Cleaned(document, null, null);
  }

  List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings) {
    ChunkingSettings effective = TABULAR.contains(document.format()) ? withStrategy(settings, "table") : settings;
    ChunkingStrategy strategy = strategies.get(effective.strategy());
    if (strategy == null) {
      strategy = strategies.get("general");
    }
    if (strategy == null) {
      throw new DocumentRejected("unsupported_type", "no chunking strategy '" + effective.strategy() + "' here");
    }
    return strategy.chunk(document, effective);
  }

  private static ChunkingSettings withStrategy(ChunkingSettings s, String strategy) {
    return new ChunkingSettings(strategy, s.maxChars(), s.overlapChars(), s.parentChars(), s.columns());
  }
}
