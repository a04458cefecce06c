package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.limits.AdmissionControl;
import io.jingzhi.gateway.provider.InProcessEmbeddings;
import io.jingzhi.gateway.provider.StreamWatchdog;
import io.jingzhi.gateway.provider.TokenCounter;
import io.jingzhi.gateway.provider.UpstreamClient;
import io.jingzhi.gateway.registry.Model;
import io.jingzhi.gateway.registry.ModelKind;
import io.jingzhi.iam.api.Caller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /v1/embeddings} and {@code POST /v1/rerank}, in-process or relayed to model servers. */
@Component
public class Embeddings {

  static final int MAX_INPUTS = 2048;

  private final ModelAccess access;
  private final Attempts attempts;
  private final UpstreamClient upstream;
  private final InProcessEmbeddings inProcess;
  private final TokenCounter tokens;
  private final JsonMapper json;
  private final ApplicationEventPublisher events;
  private final LimitGate limits;
  private final InputTexts guard;
  private final StreamWatchdog watchdog;
  private final RefusedCalls refused;

  Embeddings(ModelAccess access, Attempts attempts, UpstreamClient upstream, InProcessEmbeddings inProcess,
      TokenCounter tokens, JsonMapper json, ApplicationEventPublisher events, LimitGate limits, InputTexts guard,
      StreamWatchdog watchdog, RefusedCalls refused) {
    this.refused = refused;
    this.guard = guard;
    this.watchdog = watchdog;
    this.access = access;
    this.attempts = attempts;
    this.upstream = upstream;
    this.inProcess = inProcess;
    this.tokens = tokens;
    this.json = json;
    this.events = events;
    this.limits = limits;
  }

  /** {@code /v1/embeddings}: the inputs pass the security guard first. */
  public ObjectNode embed(Caller caller, JsonNode body) {
    return embed(caller, body, true);
  }

  /**
   * Embeds; {@code inspect} false for the platform's own modules ({@link io.jingzhi.gateway.api.ModelClient}), whose
   * texts (a knowledge base's documents) are not a user's prompt and must be embedded as they are.
   */
  ObjectNode embed(Caller caller, JsonNode body, boolean inspect) {
    EmbeddingCall call = refused.checked(caller, "embeddings", body, () -> embeddingCall(body));
    ObjectNode request = call.request();
    List<String> inputs = call.inputs();
    String format = call.format();
    int inputTokens = inputs.stream().mapToInt(tokens::count).sum();
    return metered(caller, request, "embeddings", ModelKind.EMBEDDING, inputTokens, (ctx, model) -> {
      int dimensions = request.path("dimensions").asInt(InProcessEmbeddings.DIMENSIONS);
      if (Model.PROVIDER_IN_PROCESS.equals(model.provider()) && dimensions != InProcessEmbeddings.DIMENSIONS) {
        // bge-style models are not trained to be cut short (unlike text-embedding-3): refuse, never truncate.
        throw OpenAiException.invalid("dimensions", "The model `" + model.name() + "` gives "
            + InProcessEmbeddings.DIMENSIONS + "-dimensional vectors and cannot give " + dimensions + ".");
      }
      ctx.promptTokens = inputTokens;
      List<String> texts = inspect ? guard.inspect(ctx, model.name(), inputs, "input") : inputs;
      if (texts != inputs) {
        ArrayNode input = request.putArray("input");
        texts.forEach(input::add);
      }
      ObjectNode answer;
      if (Model.PROVIDER_IN_PROCESS.equals(model.provider())) {
        answer = inProcess(model.name(), texts, format);
        ctx.estimated = false;
      } else {
        answer = relay(ctx, model, "/embeddings", request);
        JsonNode usage = answer.path("usage");
        ctx.estimated = !usage.has("prompt_tokens");
        if (!ctx.estimated) {
          ctx.promptTokens = usage.path("prompt_tokens").asInt();
        }
      }
      answer.putObject("usage").put("prompt_tokens", ctx.promptTokens).put("total_tokens", ctx.promptTokens);
      return answer;
    });
  }

  /** An embedding request that passed its own checks: the body, its inputs and the vectors' encoding. */
  private record EmbeddingCall(ObjectNode request, List<String> inputs, String format) {}

  private static EmbeddingCall embeddingCall(JsonNode body) {
    ObjectNode request = object(body);
    requireModel(request);
    List<String> inputs = inputs(request.get("input"));
    String format = request.path("encoding_format").asString("float");
    if (!format.equals("float") && !format.equals("base64")) {
      throw OpenAiException.invalid("encoding_format", "encoding_format must be float or base64.");
    }
    if (request.has("dimensions") && (!request.get("dimensions").isIntegralNumber()
        || request.get("dimensions").asInt() < 1)) {
      throw OpenAiException.invalid("dimensions", "dimensions must be a positive integer.");
    }
    return new EmbeddingCall(request, inputs, format);
  }

  /** {@code /v1/rerank}: the query and the documents pass the security guard first. */
  public ObjectNode rerank(Caller caller, JsonNode body) {
    return rerank(caller, body, true);
  }

  /** Reranks; {@code inspect} as for {@link #embed(Caller, JsonNode, boolean)}. */
  ObjectNode rerank(Caller caller, JsonNode body, boolean inspect) {
    ObjectNode request = refused.checked(caller, "rerank", body, () -> rerankRequest(body));
    long estimate = tokens.count(request.path("query").asString());
    for (JsonNode document : request.path("documents")) {
      estimate += tokens.count(document.isString() ? document.asString() : document.toString());
    }
    return metered(caller, request, "rerank", ModelKind.RERANK, estimate, (ctx, model) -> {
      if (inspect) {
        inspectRerank(ctx, model, request);
      }
      ObjectNode answer = relay(ctx, model, "/rerank", request);
      ctx.promptTokens = answer.path("usage").path("total_tokens")
          .asInt(tokens.count(request.path("query").asString()));
      ctx.estimated = !answer.path("usage").has("total_tokens");
      return answer;
    });
  }

  private static ObjectNode rerankRequest(JsonNode body) {
    ObjectNode request = object(body);
    requireModel(request);
    if (!request.path("query").isString() || request.path("query").asString().isBlank()
        || !request.path("documents").isArray() || request.path("documents").isEmpty()) {
      throw OpenAiException.invalid("documents",
          "rerank needs a non-empty string query and a non-empty documents array.");
    }
    if (request.has("top_n") && (!request.path("top_n").isIntegralNumber() || request.path("top_n").asInt() < 1)) {
      throw OpenAiException.invalid("top_n", "top_n must be a whole number of at least 1.");
    }
    return request;
  }

  /** Puts the query and the string documents through the guard, writing masked texts back in place. */
  private void inspectRerank(CallContext ctx, Model model, ObjectNode request) {
    List<String> texts = new ArrayList<>();
    texts.add(request.path("query").asString());
    ArrayNode documents = (ArrayNode) request.get("documents");
    documents.forEach(d -> texts.add(d.isString() ? d.asString() : ""));
    List<String> checked = guard.inspect(ctx, model.name(), texts, "documents");
    request.put("query", checked.getFirst());
    for (int i = 0; i < documents.size(); i++) {
      if (documents.get(i).isString()) {
        documents.set(i, json.getNodeFactory().stringNode(checked.get(i + 1)));
      }
    }
  }

  /** The work of one kind of call once its model is resolved; it fills the token counts of the context. */
  private interface Work {
    ObjectNode run(CallContext ctx, Model model);
  }

  /**
   * Resolves the model, admits the call under the limits with its token estimate, runs the work, and whatever
   * happens frees the call's slots, charges its real tokens and publishes its usage event.
   */
  private ObjectNode metered(Caller caller, ObjectNode request, String api, ModelKind kind, long estimate,
      Work work) {
    String requested = request.get("model").asString(); // checked with the request's own checks
    CallContext ctx = new CallContext(caller, access.grant(caller).orElse(null), api, requested, false);
    String served = requested;
    AdmissionControl.Permit permit = null;
    try {
      Model model = access.resolve(caller, requested, kind);
      served = model.name();
      permit = limits.admit(ctx, model, estimate);
      ObjectNode answer = work.run(ctx, model);
      answer.put("model", requested);
      ctx.markFirstToken();
      ctx.status = "ok";
      ctx.httpStatus = 200;
      return answer;
    } catch (OpenAiException e) {
      ctx.httpStatus = e.status();
      // refused before a model server was asked, or an error (a server's own 4xx included)
      ctx.status = e.status() < 500 && ctx.endpointId == null ? "rejected" : "error";
      throw e;
    } finally {
      LimitGate.finish(permit, ctx);
      events.publishEvent(ctx.completed(served));
    }
  }

  /** Sends the request to the model's endpoints (with the upstream's own model name) and returns the JSON answer. */
  private ObjectNode relay(CallContext ctx, Model model, String path, ObjectNode request) {
    return attempts.run(ctx, List.of(model), (m, lease) -> {
      ObjectNode forUpstream = request.deepCopy();
      forUpstream.put("model", lease.endpoint().upstreamModel() != null ? lease.endpoint().upstreamModel()
          : m.name());
      String text;
      long t0 = System.nanoTime();
      try (UpstreamClient.Exchange ex = upstream.post(lease.endpoint(), path, json.writeValueAsBytes(forUpstream),
          Duration.ofMillis(lease.endpoint().totalTimeoutMs()))) {
        text = watchdog.readAll(ex, t0, lease.endpoint().totalTimeoutMs(), lease.endpoint().url());
      }
      lease.firstToken();
      lease.close();
      JsonNode answer;
      try {
        answer = json.readTree(text);
      } catch (tools.jackson.core.JacksonException e) {
        answer = null;
      }
      if (!(answer instanceof ObjectNode object)) {
        throw new io.jingzhi.gateway.provider.UpstreamException(true, 200,
            "the model server answered with something that is not a JSON object", null, null);
      }
      return object;
    });
  }

  private static ObjectNode object(JsonNode body) {
    if (!(body instanceof ObjectNode request)) {
      throw OpenAiException.invalid(null, "The request body must be a JSON object.");
    }
    return request;
  }

  private ObjectNode inProcess(String model, List<String> inputs, String format) {
    List<float[]> vectors = inProcess.embed(model, inputs);
    ObjectNode answer = json.createObjectNode();
    answer.put("object", "list");
    ArrayNode data = answer.putArray("data");
    for (int i = 0; i < vectors.size(); i++) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      if (format.equals("base64")) {
        ByteBuffer buffer = ByteBuffer.allocate(vectors.get(i).length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vectors.get(i)) {
          buffer.putFloat(f);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(buffer.array()));
      } else {
        ArrayNode vector = item.putArray("embedding");
        for (float f : vectors.get(i)) {
          vector.add(f);
        }
      }
    }
    return answer;
  }

  private static String requireModel(ObjectNode request) {
    JsonNode model = request.get("model");
    if (model == null || !model.isString() || model.asString().isBlank()) {
      throw OpenAiException.invalid("model", "You must provide a model parameter.");
    }
    return model.asString();
  }

  private static List<String> inputs(JsonNode input) {
    List<String> texts = new ArrayList<>();
    if (input != null && input.isString()) {
      texts.add(input.asString());
    } else if (input != null && input.isArray()) {
      for (JsonNode item : input) {
        if (!item.isString()) {
          throw OpenAiException.invalid("input", "input must be a string or an array of strings.");
        }
        texts.add(item.asString());
      }
    } else {
      throw OpenAiException.invalid("input", "input must be a string or an array of strings.");
    }
    if (texts.isEmpty() || texts.size() > MAX_INPUTS) {
      throw OpenAiException.invalid("input", "input must hold between 1 and " + MAX_INPUTS + " texts.");
    }
    if (texts.stream().anyMatch(String::isEmpty)) {
      throw OpenAiException.invalid("input", "input texts must not be empty.");
    }
    return texts;
  }
}
