package io.jingzhi.knowledge.chunk;

import io.jingzhi.common.error.FieldError;
import io.jingzhi.knowledge.parse.ParsedDocument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The one entry to chunking: checks the settings, chooses the strategy (by name, or by content for {@code auto}),
 * and cuts the document. JSON Lines documents are always cut by the jsonl strategy (each line is one chunk as
 * imported), whatever the base's strategy; the jsonl strategy named for other documents falls back to
 * {@code auto}.
 */
@Component
public class Chunker {

  public static final int MIN_CHARS = 50;
  public static final int MAX_CHARS = 8000;

  private final Map<String, ChunkingStrategy> strategies = new LinkedHashMap<>();

  public Chunker(List<ChunkingStrategy> strategies) {
    strategies.forEach(s -> this.strategies.put(s.name(), s));
  }

  /** A chunker with every built-in strategy, for use outside Spring (tests, tools, benchmarks). */
  public static Chunker withBuiltInStrategies() {
    return new Chunker(List.of(new GeneralStrategy(), new PolicyStrategy(), new ServiceGuideStrategy(),
        new FaqStrategy(), new TableStrategy(), new MarkdownStrategy(), new JsonlStrategy()));
  }

  /** The strategy names settings may use, {@code auto} first. */
  public List<String> strategyNames() {
    List<String> names = new ArrayList<>(List.of(ChunkingSettings.AUTO));
    names.addAll(strategies.keySet());
    return names;
  }

  /**
   * Cuts a document into chunks: searchable children numbered from 0, then their parents when {@code parent_chars}
   * asks for them.
   *
   * @throws InvalidChunkingSettings when the settings break a rule of {@link #validate(ChunkingSettings)}
   */
  public List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings) {
    validate(settings);
    return strategies.get(strategyFor(document, settings)).chunk(document, settings);
  }

  /** The strategy that {@link #chunk} uses for a document under these settings. */
  public String strategyFor(ParsedDocument document, ChunkingSettings settings) {
    if (JsonlStrategy.accepts(document) && strategies.containsKey(JsonlStrategy.NAME)) {
      return JsonlStrategy.NAME;
    }
    String name = settings.strategy();
    if (name.equals(ChunkingSettings.AUTO) || name.equals(JsonlStrategy.NAME) || !strategies.containsKey(name)) {
      name = StrategyDetector.detect(document);
    }
    return strategies.containsKey(name) ? name : GeneralStrategy.NAME;
  }

  /**
   * Checks settings before they are stored or used: a known strategy; max_chars 50–8000; overlap_chars from 0 and
   * below max_chars; parent_chars 0 or above max_chars; column roles index | metadata | both; schema fields named
   * once, of type string | number | date | enum, an enum with values, a positive max_length.
   *
   * @throws InvalidChunkingSettings naming every field at fault
   */
  public void validate(ChunkingSettings settings) {
    List<FieldError> errors = new ArrayList<>();
    if (!strategyNames().contains(settings.strategy())) {
      errors.add(new FieldError("strategy", "must be one of " + String.join(", ", strategyNames())));
    }
    if (settings.maxChars() < MIN_CHARS || settings.maxChars() > MAX_CHARS) {
      errors.add(new FieldError("max_chars", "must be between " + MIN_CHARS + " and " + MAX_CHARS));
    }
    if (settings.overlapChars() < 0 || settings.overlapChars() >= settings.maxChars()) {
      errors.add(new FieldError("overlap_chars", "must be at least 0 and less than max_chars"));
    }
    if (settings.parentChars() != 0 && settings.parentChars() <= settings.maxChars()) {
      errors.add(new FieldError("parent_chars", "must be 0 (no parents) or greater than max_chars"));
    }
    settings.columns().forEach((column, role) -> {
      if (role == null || !TableStrategy.ROLES.contains(role)) {
        errors.add(new FieldError("columns." + column, "must be one of index, metadata, both"));
      }
    });
    validateSchema(settings.schema(), errors);
    if (!errors.isEmpty()) {
      throw new InvalidChunkingSettings(errors);
    }
  }

  private static void validateSchema(List<SchemaField> schema, List<FieldError> errors) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < schema.size(); i++) {
      SchemaField field = schema.get(i);
      String at = "schema[" + i + "].";
      if (field == null) {
        errors.add(new FieldError("schema[" + i + "]", "must not be null"));
        continue;
      }
      if (field.name() == null || field.name().isBlank()) {
        errors.add(new FieldError(at + "name", "must not be blank"));
      } else if (!names.add(field.name())) {
        errors.add(new FieldError(at + "name", "is used twice: " + field.name()));
      }
      if (!SchemaField.TYPES.contains(field.type())) {
        errors.add(new FieldError(at + "type", "must be one of " + String.join(", ", SchemaField.TYPES)));
      }
      if ("enum".equals(field.type()) && field.values().isEmpty()) {
        errors.add(new FieldError(at + "values", "must list the allowed values of an enum field"));
      }
      if (field.maxLength() != null && field.maxLength() < 1) {
        errors.add(new FieldError(at + "max_length", "must be at least 1"));
      }
    }
  }
}
