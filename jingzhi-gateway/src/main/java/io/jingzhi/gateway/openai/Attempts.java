package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.GatewayProperties;
import io.jingzhi.gateway.provider.UpstreamException;
import io.jingzhi.gateway.registry.Endpoint;
import io.jingzhi.gateway.registry.Model;
import io.jingzhi.gateway.routing.Router;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tries a call on the endpoints of a model and then of its fallback models, in the router's order, with
 * exponential backoff between attempts. Only transient failures are retried, and only because nothing has
 * reached the client yet (a stream started early has sent keep-alive comments, no content); a permanent refusal
 * goes back at once. The number of attempts is bounded, so a failing upstream never turns into a retry storm. A
 * call whose client has gone ({@link CallContext#cancellation}) stops trying.
 */
@Component
public class Attempts {

  private final Router router;
  private final GatewayProperties properties;
  private final JsonMapper json;

  public Attempts(Router router, GatewayProperties properties, JsonMapper json) {
    this.router = router;
    this.properties = properties;
    this.json = json;
  }

  /** One attempt on a leased endpoint. It closes the lease on success unless it hands it on (streams). */
  public interface Call<T> {
    T run(Model model, Router.Lease lease);
  }

  <T> T run(CallContext ctx, List<Model> chain, Call<T> call) {
    UpstreamException last = null;
    int attempts = 0;
    for (Model model : chain) {
      for (Endpoint endpoint : router.order(model)) {
        if (attempts >= properties.maxAttempts()) {
          break;
        }
        clientStillThere(ctx);
        Router.Lease lease = router.tryAcquire(endpoint);
        if (lease == null) {
          continue;
        }
        attempts++;
        ctx.endpointId = endpoint.id();
        ctx.attemptedModel = model.name();
        long waitStart = System.nanoTime();
        try {
          return call.run(model, lease);
        } catch (UpstreamException e) {
          ctx.upstreamWaitNanos += System.nanoTime() - waitStart;
          if (ctx.cancellation.cancelled()) {
            lease.close(); // the client's leaving aborted the call: no fault of the endpoint's
            throw new SseWriter.ClientGone(null);
          }
          if (e.isTransient()) {
            lease.failed(e);
          }
          lease.close();
          if (!e.isTransient()) {
            throw permanent(e);
          }
          last = e;
          backoff(attempts);
          clientStillThere(ctx);
        } catch (RuntimeException e) {
          lease.close();
          throw e;
        }
      }
    }
    if (last != null && UpstreamException.misconfiguration(last.status())) {
      // The endpoints refused the platform itself: a 502 the operator must fix, not the client's 401 or 404.
      ctx.httpStatus = 502;
      throw new OpenAiException(502, "api_error", "upstream_misconfigured", null, "The model server refused the "
          + "platform's request (HTTP " + last.status() + ": " + message(errorOf(last), last)
          + "); the platform operator must check the endpoint's upstream key and model name.");
    }
    ctx.httpStatus = 503;
    OpenAiException unavailable = OpenAiException.unavailable(last == null
        ? "No endpoint of the model can take the request now (all busy, failing or disabled); retry shortly."
        : "The model server is unavailable: " + last.getMessage());
    if (last != null) {
      unavailable.initCause(last); // the log of the 503 names the I/O failure behind it
    }
    throw unavailable;
  }

  /** Goes no further for a client that has left (found while its stream waited for the first token). */
  private static void clientStillThere(CallContext ctx) {
    if (ctx.cancellation.cancelled()) {
      throw new SseWriter.ClientGone(null);
    }
  }

  /** The upstream's refusal of the request itself, with its message, param and code when it gave them. */
  private OpenAiException permanent(UpstreamException e) {
    JsonNode error = errorOf(e);
    String param = error.path("param").isString() ? error.path("param").asString() : null;
    String code = error.path("code").isString() ? error.path("code").asString() : "upstream_error";
    int status = e.status() >= 400 && e.status() < 500 ? e.status() : 502;
    return new OpenAiException(status, status == 400 ? "invalid_request_error" : "api_error", code, param,
        message(error, e));
  }

  /** The upstream error's message, or one naming its HTTP status. */
  private static String message(JsonNode error, UpstreamException e) {
    return error.path("message").isString() ? error.path("message").asString()
        : "the model server refused the request (HTTP " + e.status() + ")";
  }

  /** The upstream's error object ({@code {error: {...}}} or a bare {@code {message}}), or a missing node. */
  private JsonNode errorOf(UpstreamException e) {
    try {
      JsonNode body = e.body() == null ? null : json.readTree(e.body());
      if (body != null && body.path("error").isObject()) {
        return body.path("error");
      }
      return body != null && body.isObject() ? body : json.missingNode();
    } catch (RuntimeException ignored) {
      return json.missingNode();
    }
  }

  private void backoff(int attempt) {
    long ms = properties.retryBackoff().toMillis() * (1L << Math.min(attempt - 1, 4));
    try {
      Thread.sleep(ms + ThreadLocalRandom.current().nextLong(ms + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
