package io.jingzhi.gateway.openai;

import io.jingzhi.common.web.RequestIds;
import io.jingzhi.gateway.limits.AdmissionControl;
import io.jingzhi.gateway.provider.StreamWatchdog;
import io.jingzhi.gateway.provider.TokenCounter;
import io.jingzhi.gateway.provider.UpstreamClient;
import io.jingzhi.gateway.provider.UpstreamException;
import io.jingzhi.gateway.registry.Endpoint;
import io.jingzhi.gateway.registry.Model;
import io.jingzhi.gateway.registry.ModelCatalog;
import io.jingzhi.gateway.registry.ModelKind;
import io.jingzhi.gateway.routing.Router;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.iam.api.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/chat/completions}: picks endpoints (and fallback models) through the router, retries transient
 * failures only before the client has received any content, relays streams event by event, ends a broken stream
 * with an error event (never a clean-looking end), stops the upstream when the client goes away (also while a
 * stream waits for its first token: {@link ClientStream}), and reports
 * usage — the upstream's own, or counted and marked estimated. With the security guard on, the prompt is checked
 * before any upstream is called and the output before the client gets it ({@link ChatGuard}, {@link GuardedStream});
 * every answer carries the implicit AI-generated-content label ({@link AigcLabels}).
 */
@Component
public class ChatCompletions {

  private static final Logger log = LoggerFactory.getLogger(ChatCompletions.class);

  private final ModelAccess access;
  private final ModelCatalog catalog;
  private final UpstreamClient upstream;
  private final StreamWatchdog watchdog;
  private final TokenCounter tokens;
  private final JsonMapper json;
  private final ApplicationEventPublisher events;
  private final Attempts attempts;
  private final LimitGate limits;
  private final ChatGuard guard;
  private final AigcLabels labels;
  private final StreamPacer pacer;
  /** Endpoints that refused {@code stream_options}: usage is then counted by the gateway. */
  private final Set<Long> noStreamOptions = ConcurrentHashMap.newKeySet();
  private final RefusedCalls refused;
  private final StreamKeepAlive keepAlive;

  public ChatCompletions(ModelAccess access, ModelCatalog catalog, UpstreamClient upstream,
      StreamWatchdog watchdog, TokenCounter tokens, JsonMapper json, ApplicationEventPublisher events,
      Attempts attempts, LimitGate limits, ChatGuard guard, AigcLabels labels, StreamPacer pacer,
      RefusedCalls refused, StreamKeepAlive keepAlive) {
    this.refused = refused;
    this.keepAlive = keepAlive;
    this.access = access;
    this.catalog = catalog;
    this.upstream = upstream;
    this.watchdog = watchdog;
    this.tokens = tokens;
    this.json = json;
    this.events = events;
    this.attempts = attempts;
    this.limits = limits;
    this.guard = guard;
    this.labels = labels;
    this.pacer = pacer;
  }

  /** A finished non-streaming answer and the value of its AI-generated-content label header. */
  record Completion(ObjectNode body, String aigcHeader) {}

  public void handle(Caller caller, JsonNode body, HttpServletResponse response) throws IOException {
    ObjectNode request = refused.checked(caller, "chat.completions", body, () -> ChatRequests.validate(body));
    ClientStream client = new ClientStream(response, keepAlive, labels);
    try {
      run(caller, request, response, client);
    } catch (RuntimeException e) {
      if (!client.started()) {
        throw e;
      }
      // The stream started while the model was awaited: the failure can only be an event now.
      if (!(e instanceof OpenAiException)) {
        log.error("Chat completion {} failed after its stream started", RequestIds.current(), e);
      }
      client.fail(json.writeValueAsString(e instanceof OpenAiException o
          ? OpenAiErrorAdvice.error(o.type(), o.code(), o.param(), o.getMessage())
          : OpenAiErrorAdvice.error("api_error", "internal_error", null,
              "The platform failed to complete the request; the answer is incomplete.")));
    }
  }

  /**
   * A streamed completion for callers inside the server ({@code ModelClient.chatStream}): the same pipeline as a
   * streamed {@code /v1/chat/completions}, its SSE events written to {@code sink}; usage is always asked for.
   */
  void stream(Caller caller, JsonNode body, StreamSink sink) {
    ObjectNode request = ChatRequests.validate(body);
    request.put("stream", true);
    request.putObject("stream_options").put("include_usage", true);
    try {
      run(caller, request, null, sink);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // the in-process sink does not write to a socket
    }
  }

  /**
   * A non-streaming completion for callers inside the server ({@code ModelClient.chat}): the same model access,
   * limits, guard checks and metering as {@code /v1/chat/completions}, answering the JSON a client would get.
   */
  public ObjectNode complete(Caller caller, JsonNode body) {
    ObjectNode request = ChatRequests.validate(body);
    request.put("stream", false);
    request.remove("stream_options");
    try {
      return run(caller, request, null, null).body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // no response is written on this path
    }
  }

  /**
   * Serves a request: a non-streaming answer is written to {@code response} when there is one (in-process calls
   * take the returned body), a stream to {@code sink}.
   */
  private Completion run(Caller caller, ObjectNode request, HttpServletResponse response, StreamSink sink)
      throws IOException {
    String requested = request.get("model").asString();
    boolean stream = request.path("stream").asBoolean(false);
    CallContext ctx = new CallContext(caller, access.grant(caller).orElse(null), "chat.completions", requested,
        stream);
    String served = requested;
    AdmissionControl.Permit permit = null;
    try {
      Model model = access.resolve(caller, requested, ModelKind.CHAT);
      served = model.name();
      ctx.promptTokens = tokens.countMessages(request.get("messages"));
      ctx.estimated = true;
      permit = limits.admit(ctx, model, limits.chatEstimate(request, ctx.promptTokens));
      GuardSubject subject = guard.enabled() ? guard.subject(ctx, model.name()) : null;
      GuardVerdict stop = subject == null ? null : guard.checkInput(ctx, subject, request);
      Completion done = null;
      if (stop != null && stream) {
        guard.answerInstead(ctx, request, stop, sink);
      } else if (stop != null) {
        done = guard.stoppedCompletion(ctx, request, stop);
      } else if (stream) {
        OpenStream opened;
        String announced;
        sink.waitingForModel(ctx);
        try {
          opened = open(ctx, chain(model), request);
        } finally {
          announced = sink.stopWaiting();
        }
        relay(ctx, opened, request, sink, subject, announced);
      } else {
        done = complete(ctx, chain(model), request, subject);
      }
      if (done != null && response != null) {
        response.setStatus(200);
        response.setHeader(AigcLabels.HEADER, done.aigcHeader());
        response.setContentType("application/json");
        response.getOutputStream().write(json.writeValueAsBytes(done.body()));
      }
      return done;
    } catch (OpenAiException e) {
      ctx.httpStatus = e.status();
      // refused before a model server was asked, or an error (a server's own 4xx included)
      ctx.status = e.status() < 500 && ctx.endpointId == null ? "rejected" : "error";
      throw e;
    } catch (SseWriter.ClientGone gone) {
      ctx.status = "cancelled"; // the client left while its stream waited for the first token
      ctx.httpStatus = 499;
      return null;
    } finally {
      LimitGate.finish(permit, ctx);
      events.publishEvent(ctx.completed(served));
    }
  }

  private List<Model> chain(Model model) {
    List<Model> chain = new ArrayList<>();
    chain.add(model);
    for (String name : model.fallbacks()) {
      catalog.resolve(name).filter(m -> m.enabled() && m.kind() == ModelKind.CHAT && !chain.contains(m))
          .ifPresent(chain::add);
    }
    return chain;
  }

  private Completion complete(CallContext ctx, List<Model> chain, ObjectNode request, GuardSubject subject) {
    ObjectNode answer = attempts.run(ctx, chain, (model, lease) -> {
      Endpoint e = lease.endpoint();
      long t0 = System.nanoTime();
      String text;
      try (UpstreamClient.Exchange ex = upstream.post(e, "/chat/completions",
          bytes(ChatRequests.forUpstream(request, model, e, false)), Duration.ofMillis(e.totalTimeoutMs()))) {
        text = watchdog.readAll(ex, t0, e.totalTimeoutMs(), e.url());
      }
      ctx.upstreamWaitNanos += System.nanoTime() - t0;
      ObjectNode node = parseObject(text);
      lease.firstToken();
      lease.close();
      return node;
    });
    ctx.markFirstToken();
    JsonNode usage = answer.path("usage");
    if (usage.has("prompt_tokens")) {
      ctx.promptTokens = usage.path("prompt_tokens").asInt();
      ctx.completionTokens = usage.path("completion_tokens").asInt();
      ctx.estimated = false;
    } else {
      StringBuilder content = new StringBuilder();
      answer.path("choices").forEach(c -> content.append(c.path("message").path("content").asString("")));
      ctx.completionTokens = tokens.count(content.toString());
      // The model server reports no usage: the client gets the platform's count (metered as estimated).
      answer.putObject("usage").put("prompt_tokens", ctx.promptTokens).put("completion_tokens",
          ctx.completionTokens).put("total_tokens", ctx.promptTokens + ctx.completionTokens);
    }
    if (subject != null) {
      guard.checkOutput(ctx, subject, answer);
    }
    answer.put("model", ctx.requestedModel);
    String id = answer.path("id").isString() ? answer.get("id").asString() : AigcLabels.newId();
    answer.set("aigc", labels.label(id, ctx.requestId));
    ctx.status = "ok";
    ctx.httpStatus = 200;
    return new Completion(answer, labels.header(id, ctx.requestId));
  }

  /** An upstream stream whose first event has arrived. */
  private record OpenStream(Router.Lease lease, UpstreamClient.Exchange exchange, StreamWatchdog.Watch watch,
      BufferedReader reader, String firstPayload, boolean usageAsked) implements AutoCloseable {
    @Override
    public void close() {
      watch.close();
      exchange.close();
      lease.close();
    }
  }

  private OpenStream open(CallContext ctx, List<Model> chain, ObjectNode request) {
    return attempts.run(ctx, chain, (model, lease) -> {
      Endpoint e = lease.endpoint();
      boolean askUsage = !noStreamOptions.contains(e.id());
      long t0 = System.nanoTime();
      UpstreamClient.Exchange ex;
      try {
        ex = upstream.post(e, "/chat/completions", bytes(ChatRequests.forUpstream(request, model, e, askUsage)),
            Duration.ofMillis(e.firstTokenTimeoutMs()), ctx.cancellation);
      } catch (UpstreamException rejected) {
        if (askUsage && rejected.status() == 400 && String.valueOf(rejected.body()).contains("stream_options")) {
          noStreamOptions.add(e.id()); // this server does not know stream_options: ask again without it
          askUsage = false;
          ex = upstream.post(e, "/chat/completions", bytes(ChatRequests.forUpstream(request, model, e, false)),
              Duration.ofMillis(e.firstTokenTimeoutMs()), ctx.cancellation);
        } else {
          throw rejected;
        }
      }
      // Until the first token each read waits up to the first-token timeout (the socket's, set by post) and the
      // watchdog bounds the whole wait from t0; from then on each read waits up to the stream-idle timeout.
      StreamWatchdog.Watch watch = watchdog.watch(ex, t0, e.firstTokenTimeoutMs(), e.idleTimeoutMs(),
          e.totalTimeoutMs());
      BufferedReader reader = new BufferedReader(new InputStreamReader(ex.body(), StandardCharsets.UTF_8));
      String first;
      boolean readTimedOut = false;
      try {
        first = nextPayload(reader);
      } catch (SocketTimeoutException timeout) {
        first = null;
        readTimedOut = true;
      } catch (IOException io) {
        first = null;
      }
      ctx.upstreamWaitNanos += System.nanoTime() - t0;
      // An error event instead of a first chunk (the cheap test first: "error" may be a chunk's content too).
      boolean errorEvent = first != null && first.contains("\"error\"")
          && ChunkScan.of(json, first, new StringBuilder()).error;
      if (first == null || first.equals("[DONE]") || errorEvent) {
        watch.close();
        ex.close();
        String why = watch.expired() != null ? watch.expired()
            : readTimedOut ? "first-token timeout" : errorEvent ? "error event: " + errorMessage(first)
            : "the stream ended before the first token";
        throw new UpstreamException(true, 0, "upstream " + e.url() + ": " + why, null, null);
      }
      watch.progress();
      ex.readTimeout(Duration.ofMillis(e.idleTimeoutMs()));
      lease.firstToken();
      return new OpenStream(lease, ex, watch, reader, first, askUsage);
    });
  }

  /** The message of an upstream's error event, as far as it has one. */
  private String errorMessage(String payload) {
    try {
      JsonNode error = json.readTree(payload).path("error");
      String message = error.isString() ? error.asString() : error.path("message").asString("");
      return message.isBlank() ? "no message" : message.length() > 300 ? message.substring(0, 300) + "…" : message;
    } catch (RuntimeException notJson) {
      return "no message";
    }
  }

  /**
   * Relays an open stream to the client. {@code announced}: the completion id of a stream that started before the
   * first token (it replaces the upstream's in every chunk), or null.
   */
  private void relay(CallContext ctx, OpenStream s, ObjectNode request, StreamSink sink, GuardSubject subject,
      String announced) {
    boolean clientAskedUsage = ChatRequests.clientAskedUsage(request);
    GuardedStream guarded = subject == null ? null : guard.openStream(subject, ctx.requestedModel, clientAskedUsage,
        request.path("n").asInt(1));
    if (guarded != null && announced != null) {
      guarded.fixId(announced);
    }
    StringBuilder completion = new StringBuilder();
    boolean usageSeen = false;
    boolean done = false;
    String failure = null;
    String guardFailure = null;
    if (guarded == null) {
      ctx.markFirstToken();
    }
    // The first event is scanned once, with detail for its id (the label), and relayed from that same scan.
    ChunkScan first = ChunkScan.of(json, s.firstPayload(), completion, true);
    String id = announced != null ? announced : first.id != null ? first.id : AigcLabels.newId();
    String quotedId = announced == null ? null : json.writeValueAsString(announced);
    try (s) {
      if (ctx.cancellation.cancelled()) {
        throw new SseWriter.ClientGone(null); // found gone as the first token came: the upstream is aborted
      }
      SseWriter out;
      try {
        out = new SseWriter(sink.open(labels.header(id, ctx.requestId)), labels.withLabel("{}", id, ctx.requestId));
      } catch (IOException e) {
        throw new SseWriter.ClientGone(e);
      }
      String quotedModel = json.writeValueAsString(ctx.requestedModel);
      String payload = s.firstPayload();
      boolean readTimedOut = false;
      while (payload != null) {
        if (payload.equals("[DONE]")) {
          done = true;
          break;
        }
        ChunkScan chunk = first != null ? first : ChunkScan.of(json, payload, completion, guarded != null);
        first = null;
        if (!chunk.valid || chunk.error) {
          failure = chunk.valid ? "the model server reported an error" : "the model server sent an unreadable event";
          break;
        }
        if (chunk.usage && chunk.completionTokens >= 0) {
          usageSeen = true;
          ctx.promptTokens = chunk.promptTokens >= 0 ? chunk.promptTokens : ctx.promptTokens;
          ctx.completionTokens = chunk.completionTokens;
        }
        boolean usageOnly = chunk.choices == 0 && chunk.usageKey;
        if (guarded != null && chunk.choices > 0) {
          try {
            boolean more = SseWriter.nextEventBuffered(s.reader(), s.exchange()::moreBuffered);
            guarded.chunk(payload, chunk, more).forEach(out::event);
          } catch (RuntimeException | StackOverflowError e) {
            guardFailure = "the security guard could not inspect the answer";
            log.error("The output guard failed on request {}", ctx.requestId, e);
            break;
          }
          if (guarded.contentSent()) {
            ctx.markFirstToken();
          }
          if (guarded.stopped()) {
            break;
          }
        } else if (!usageOnly || clientAskedUsage) {
          // The upstream's own text with the model renamed; the tree only when a field must go or be added.
          String event = clientAskedUsage || !chunk.usageKey ? chunk.renamed(payload, quotedModel, quotedId) : null;
          out.event(event != null ? event : rewrite(payload, clientAskedUsage, ctx, announced));
        }
        try {
          payload = out.nextPayload(s.reader(), s.exchange()::moreBuffered, pacer);
        } catch (SocketTimeoutException e) {
          payload = null;
          readTimedOut = true;
        } catch (IOException e) {
          payload = null;
        }
        s.watch().progress();
      }
      boolean cut = guarded != null && guarded.stopped();
      if (!done && failure == null && guardFailure == null && !cut) {
        String expired = s.watch().expired() != null ? s.watch().expired()
            : readTimedOut ? "stream idle timeout" : null;
        failure = expired != null ? "the model server timed out (" + expired + ")"
            : "the model server closed the stream before it finished";
      }
      if (guarded != null && guardFailure == null && !cut) {
        // What the output guard still holds back is checked and released, also before an error event: the
        // client keeps every checked word the model sent.
        guarded.end().forEach(out::event);
        cut = guarded.stopped();
      }
      if (guardFailure != null) {
        s.exchange().close();
        out.send("data: " + json.writeValueAsString(OpenAiErrorAdvice.error("api_error", "guard_failed",
            null, guardFailure + "; the answer above is incomplete.")) + "\n\n");
        ctx.status = "error";
        ctx.httpStatus = 500;
      } else if (failure != null) {
        s.lease().failed(new IOException(failure));
        out.send("data: " + json.writeValueAsString(OpenAiErrorAdvice.error("api_error",
            "upstream_stream_broken", null, failure + "; the answer above is incomplete.")) + "\n\n");
        ctx.status = "error";
        ctx.httpStatus = 502;
      } else {
        if (cut) {
          s.exchange().close(); // the answer was cut by the guard: stop the generation now
        }
        if (clientAskedUsage && (cut || !usageSeen)) {
          // Cut by the guard, or the model server reports no usage: the platform's own count (as metered).
          out.event(usageChunk(id, ctx.requestedModel, ctx.promptTokens, tokens.count(completion.toString())));
        }
        out.send("data: [DONE]\n\n");
        ctx.status = "ok";
        ctx.httpStatus = 200;
        s.exchange().finish(); // the upstream connection goes back to the pool instead of being closed
      }
    } catch (SseWriter.ClientGone gone) {
      ctx.status = "cancelled"; // closing the upstream (try-with-resources) stops its generation
      ctx.httpStatus = 499;
    }
    if (guarded != null) {
      ctx.markFirstToken(); // no content was released (or the client left): the call still got its answer
      ctx.guardOutput = guarded.effect();
    }
    if (!usageSeen) {
      ctx.completionTokens = tokens.count(completion.toString());
    } else {
      ctx.estimated = false;
    }
  }

  private String usageChunk(String id, String model, int promptTokens, int completionTokens) {
    ObjectNode chunk = json.createObjectNode();
    chunk.put("id", id).put("object", "chat.completion.chunk").put("created", System.currentTimeMillis() / 1000)
        .put("model", model).putArray("choices");
    chunk.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    return json.writeValueAsString(chunk);
  }

  /**
   * The chunk through the tree: the model renamed (and the id, when {@code id} is not null), usage removed when the
   * client did not ask for it.
   */
  private String rewrite(String payload, boolean keepUsage, CallContext ctx, String id) {
    ObjectNode chunk = parseChunk(payload);
    chunk.put("model", ctx.requestedModel);
    if (id != null) {
      chunk.put("id", id);
    }
    if (!keepUsage) {
      chunk.remove("usage");
    }
    return json.writeValueAsString(chunk);
  }

  /** The next {@code data:} payload of an SSE stream, or null at its end. */
  static String nextPayload(BufferedReader reader) throws IOException {
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.startsWith("data:")) {
        return line.substring(5).strip();
      }
    }
    return null;
  }

  private ObjectNode parseChunk(String payload) {
    try {
      return json.readTree(payload) instanceof ObjectNode o ? o : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private ObjectNode parseObject(String text) {
    ObjectNode node = parseChunk(text);
    if (node == null) {
      throw new UpstreamException(true, 200, "the model server answered with something that is not JSON", null, null);
    }
    return node;
  }

  private byte[] bytes(ObjectNode body) {
    return json.writeValueAsBytes(body);
  }

}
