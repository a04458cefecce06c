package io.jingzhi.knowledge.base;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.knowledge.chunk.Chunker;
import io.jingzhi.knowledge.chunk.ChunkingSettings;
import io.jingzhi.knowledge.chunk.InvalidChunkingSettings;
import io.jingzhi.knowledge.clean.CleaningOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks and completes a base's chunking settings and retrieval defaults: what is missing takes the default, what
 * is out of range is refused with the field named, so a base never stores settings a job would fail on later.
 */
@Component
public class BaseSettings {

  static final Set<String> MODES = Set.of("hybrid", "vector", "fulltext");
  static final Set<String> FUSIONS = Set.of("rrf", "weighted");

  private final JsonMapper json;
  private final Chunker chunker;

  public BaseSettings(JsonMapper json, Chunker chunker) {
    this.json = json;
    this.chunker = chunker;
  }

  /** The chunking settings with defaults filled in; {@code given} may be null. */
  public JsonNode chunking(JsonNode given) {
    ObjectNode merged = (ObjectNode) json.valueToTree(ChunkingSettings.defaults());
    if (given != null && !given.isNull()) {
      if (!given.isObject()) {
        throw ApiException.invalid("chunking", "must be an object");
      }
      given.properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
    }
    // Values of the wrong type first (they cannot be read into the settings); then every rule at once.
    List<FieldError> wrongType = new ArrayList<>();
    if (!merged.path("strategy").isString()) {
      wrongType.add(new FieldError("strategy", "must be one of " + String.join(", ", chunker.strategyNames())));
    }
    for (String field : List.of("max_chars", "overlap_chars", "parent_chars")) {
      if (!merged.path(field).isIntegralNumber()) {
        wrongType.add(new FieldError(field, "must be a whole number"));
      }
    }
    JsonNode columns = merged.path("columns");
    if (!columns.isMissingNode() && !columns.isNull() && !columns.isObject()) {
      wrongType.add(new FieldError("columns", "must be an object of column → index|metadata|both"));
    }
    JsonNode schema = merged.path("schema");
    if (!schema.isMissingNode() && !schema.isNull() && !schema.isArray()) {
      wrongType.add(new FieldError("schema", "must be a list of fields"));
    }
    if (!wrongType.isEmpty()) {
      throw invalid(wrongType);
    }
    ChunkingSettings typed;
    try {
      typed = chunkingSettings(merged);
    } catch (RuntimeException e) {
      throw new InvalidChunkingSettings(List.of(new FieldError("chunking", "has a value of the wrong type: "
          + e.getMessage())));
    }
    try {
      chunker.validate(typed);
    } catch (InvalidChunkingSettings e) {
      throw invalid(e.fieldErrors());
    }
    return merged;
  }

  /**
   * The cleaning options with defaults filled in ({@code given} may be null): each a boolean, an unknown one refused
   * with its name.
   */
  public JsonNode cleaning(JsonNode given) {
    ObjectNode merged = (ObjectNode) json.valueToTree(CleaningOptions.defaults());
    if (given == null || given.isNull()) {
      return merged;
    }
    if (!given.isObject()) {
      throw ApiException.invalid("cleaning", "must be an object of option → true|false");
    }
    for (var e : given.properties()) {
      if (!merged.has(e.getKey())) {
        throw ApiException.invalid("cleaning." + e.getKey(), "no such option; the options are "
            + String.join(", ", merged.propertyNames()));
      }
      if (!e.getValue().isBoolean()) {
        throw ApiException.invalid("cleaning." + e.getKey(), "must be true or false");
      }
      merged.set(e.getKey(), e.getValue());
    }
    return merged;
  }

  /** The cleaning options as the cleaner takes them (a stored base always has them, defaults filled in). */
  public CleaningOptions cleaningOptions(JsonNode stored) {
    return json.treeToValue(stored, CleaningOptions.class);
  }

  /** The settings as the chunkers take them. */
  public ChunkingSettings chunkingSettings(JsonNode stored) {
    return json.treeToValue(stored, ChunkingSettings.class);
  }

  /** The retrieval defaults with defaults filled in; {@code given} may be null. */
  public RetrievalDefaults retrieval(RetrievalDefaults given) {
    return merge(RetrievalDefaults.defaults(), given);
  }

  /** {@code over} laid over {@code base}: each field given in {@code over} wins; the result is checked. */
  public RetrievalDefaults merge(RetrievalDefaults base, RetrievalDefaults over) {
    return merge(base, over, "retrieval.");
  }

  /**
   * A retrieval request's fields laid over its base's defaults, checked; a bad field is named as in the request
   * ({@code top_k}, not {@code retrieval.top_k}).
   */
  public RetrievalDefaults forRequest(RetrievalDefaults base, RetrievalDefaults request) {
    return merge(base, request, "");
  }

  private RetrievalDefaults merge(RetrievalDefaults base, RetrievalDefaults over, String prefix) {
    if (over == null) {
      return check(prefix, base);
    }
    RetrievalDefaults.Context bc = base.context() == null ? new RetrievalDefaults.Context(0, false) : base.context();
    RetrievalDefaults.Context oc = over.context();
    RetrievalDefaults.Context context = oc == null ? bc : new RetrievalDefaults.Context(
        oc.neighbours() != null ? oc.neighbours() : bc.neighbours(), oc.parent() != null ? oc.parent() : bc.parent());
    return check(prefix, new RetrievalDefaults(
        over.mode() != null ? over.mode() : base.mode(),
        over.topK() != null ? over.topK() : base.topK(),
        over.scoreThreshold() != null ? over.scoreThreshold() : base.scoreThreshold(),
        over.fusion() != null ? over.fusion() : base.fusion(),
        over.vectorWeight() != null ? over.vectorWeight() : base.vectorWeight(),
        over.rerankModel() != null ? blankToNull(over.rerankModel()) : base.rerankModel(),
        context));
  }

  private static RetrievalDefaults check(String prefix, RetrievalDefaults r) {
    if (!MODES.contains(r.mode())) {
      throw ApiException.invalid(prefix + "mode", "hybrid, vector or fulltext");
    }
    if (r.topK() == null || r.topK() < 1 || r.topK() > 100) {
      throw ApiException.invalid(prefix + "top_k", "between 1 and 100");
    }
    if (!FUSIONS.contains(r.fusion())) {
      throw ApiException.invalid(prefix + "fusion", "rrf or weighted");
    }
    if (r.vectorWeight() == null || r.vectorWeight() < 0 || r.vectorWeight() > 1) {
      throw ApiException.invalid(prefix + "vector_weight", "between 0 and 1");
    }
    if (r.scoreThreshold() != null && (r.scoreThreshold().isNaN() || r.scoreThreshold().isInfinite())) {
      throw ApiException.invalid(prefix + "score_threshold", "must be a number");
    }
    if (r.scoreThreshold() != null && r.rerankModel() == null && (r.scoreThreshold() < 0 || r.scoreThreshold() > 1)) {
      // A rerank model's scores may be logits; without one every score is 0–1.
      throw ApiException.invalid(prefix + "score_threshold", "between 0 and 1 without a rerank model");
    }
    var c = r.context();
    if (c.neighbours() == null || c.neighbours() < 0 || c.neighbours() > 5) {
      throw ApiException.invalid(prefix + "context.neighbours", "between 0 and 5");
    }
    if (c.parent() == null) {
      return new RetrievalDefaults(r.mode(), r.topK(), r.scoreThreshold(), r.fusion(), r.vectorWeight(),
          r.rerankModel(), new RetrievalDefaults.Context(c.neighbours(), false));
    }
    return r;
  }

  /** Every bad field, named as in the request ({@code chunking.max_chars}). */
  private static InvalidChunkingSettings invalid(List<FieldError> errors) {
    return new InvalidChunkingSettings(errors.stream().map(e -> new FieldError("chunking." + e.field(), e.message()))
        .toList());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
