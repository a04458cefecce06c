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
 * reached the client yet; a permanent refusal goes back at once. The number of attempts is bounded, so a
 * failing upstream never turns into a retry storm.
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
        Router.Lease lease = router.tryAcquire(endpoint);
        if (lease == null) {
          continue;
        }
        attempts++;
        ctx.endpointId = endpoint.id();
        long waitStart = System.nanoTime();
        try {
          return call.run(model, lease);
        } catch (UpstreamException e) {
          ctx.upstreamWaitNanos += System.nanoTime() - waitStart;
          if (e.isTransient()) {
            lease.failed(e);
          }
          lease.close();
          if (!e.isTransient()) {
            throw permanent(e);
          }
          last = e;
          backoff(attempts);
        } catch (RuntimeException e) {
          lease.close();
          throw e;
        }
      }
    }
    ctx.httpStatus = 503;
    OpenAiException unavailable = OpenAiException.unavailable(last == null
        ? "No endpoint of the model can take the request now (all busy or failing); retry shortly."
        : "The model server is unavailable: " + last.getMessage());
    if (last != null) {
      unavailable.initCause(last); // the log of the 503 names the I/O failure behind it
    }
    throw unavailable;
  }

  private OpenAiException permanent(UpstreamException e) {
    String message = "The model server refused the request (HTTP " + e.status() + ")";
    try {
      JsonNode body = e.body() == null ? null : json.readTree(e.body());
      if (body != null && body.path("error").path("message").isString()) {
        message = body.path("error").path("message").asString();
      } else if (body != null && body.path("message").isString()) {
        message = body.path("message").asString();
      }
    } catch (RuntimeException ignored) {
      // keep the generic message
    }
    int status = e.status() >= 400 && e.status() < 500 ? e.status() : 502;
    return new OpenAiException(status, status == 400 ? "invalid_request_error" : "api_error", "upstream_error",
        null, message);
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
