package io.jingzhi.knowledge.ingest;

import io.jingzhi.knowledge.chunk.Chunk;
import io.jingzhi.knowledge.chunk.Chunker;
import io.jingzhi.knowledge.chunk.ChunkingSettings;
import io.jingzhi.knowledge.chunk.FaqStrategy;
import io.jingzhi.knowledge.chunk.TableStrategy;
import io.jingzhi.knowledge.clean.CleanedDocument;
import io.jingzhi.knowledge.clean.CleaningOptions;
import io.jingzhi.knowledge.clean.TextCleaner;
import io.jingzhi.knowledge.parse.ParsedDocument;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps between parsing and embedding: cleaning (with its quality report) and chunking with the base's
 * settings. Tables (csv, xlsx, xls, et) always become one record per row: through the faq strategy when they have
 * question and answer columns (unless the base names the table strategy), else through the table strategy; JSON
 * Lines always through the jsonl strategy (the chunker decides that).
 */
@Component
class Preparation {

  static final Set<String> TABULAR = Set.of("csv", "xlsx", "xls", "et");

  private final TextCleaner cleaner;
  private final Chunker chunker;
  private final JsonMapper json;

  Preparation(TextCleaner cleaner, Chunker chunker, JsonMapper json) {
    this.cleaner = cleaner;
    this.chunker = chunker;
    this.json = json;
  }

  /** A cleaned document with its quality report (JSON) and score. */
  record Cleaned(ParsedDocument document, String reportJson, Integer score) {}

  Cleaned clean(ParsedDocument document, CleaningOptions options) {
    CleanedDocument cleaned = cleaner.clean(document, options);
    return new Cleaned(cleaned.document(), json.writeValueAsString(cleaned.report()), cleaned.report().score());
  }

  List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings) {
    return chunker.chunk(document, TABULAR.contains(document.format()) ? tabular(document, settings) : settings);
  }

  /**
   * A spreadsheet's strategy: faq when it has question and answer columns (问题/答案 …) and the base does not ask
   * for the table strategy by name, else table.
   */
  private ChunkingSettings tabular(ParsedDocument document, ChunkingSettings settings) {
    boolean faq = !TableStrategy.NAME.equals(settings.strategy())
        && FaqStrategy.NAME.equals(chunker.strategyFor(document, settings.withStrategy("auto")));
    return settings.withStrategy(faq ? FaqStrategy.NAME : TableStrategy.NAME);
  }
}
