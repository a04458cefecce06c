package io.jingzhi.agent.http;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Validation;
import io.jingzhi.common.net.AddressRefusedException;
import io.jingzhi.common.net.GuardedHttpClient;
import io.jingzhi.common.net.GuardedResolver;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@code http} node: one HTTP request through {@link GuardedHttpClient} (the {@code java.net.http} API on Apache
 * HttpClient 5). Redirects are followed here (at most five). When {@code jingzhi.agent.http.allow-private-networks}
 * is false every hop's host is checked before the request and, through {@link GuardedResolver}, the addresses the
 * connection is opened to are judged again, so a DNS answer that changes in between (rebinding) is refused too;
 * bodies beyond {@code max-response-size} fail the node. Outputs {@code status_code}, {@code headers},
 * {@code body} (parsed JSON for a JSON response, else the text) and {@code text}; a status of 400 or more fails
 * with {@code http.status_<code>}, retryable for 429 and 5xx.
 */
@Component
public class HttpNodeExecutor implements NodeExecutor {

  private static final Map<String, VarType> OUTPUTS = Map.of("status_code", VarType.NUMBER, "headers",
      VarType.OBJECT, "body", VarType.ANY, "text", VarType.STRING);
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final int MAX_REDIRECTS = 5;

  private final AgentProperties.Http settings;
  private final GuardedResolver resolver;
  private final HttpClient client;

  @Autowired
  public HttpNodeExecutor(AgentProperties properties) {
    this(properties.http());
  }

  /** An executor with its own settings (tests of the SSRF guard and size cap). */
  public HttpNodeExecutor(AgentProperties.Http settings) {
    this(settings, settings.allowPrivateNetworks() ? GuardedResolver.open() : GuardedResolver.system());
  }

  /**
   * An executor with its own settings and resolver (tests give a fake DNS); the resolver judges both the check
   * before each hop and the connection itself.
   */
  public HttpNodeExecutor(AgentProperties.Http settings, GuardedResolver resolver) {
    this.settings = settings;
    this.resolver = resolver;
    this.client = GuardedHttpClient.newBuilder(resolver).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public String type() {
    return "http";
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    return OUTPUTS;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    HttpNodeConfig.validate(node.config(), validation);
  }

  @Override
  public NodeResult execute(NodeContext context) throws InterruptedException {
    PreparedRequest prepared = PreparedRequest.of(context);
    Duration timeout = timeout(context);
    long started = System.nanoTime();
    String method = prepared.method();
    URI uri = prepared.uri();
    byte[] body = prepared.body();
    HttpResponse<InputStream> response = null;
    for (int hop = 0; ; hop++) {
      if (context.cancelled()) {
        throw new NodeFailure("http.cancelled", "the run was cancelled", false);
      }
      guard(uri, prepared);
      response = send(method, uri, prepared, body, timeout);
      int status = response.statusCode();
      String location = response.headers().firstValue("Location").orElse(null);
      if (!REDIRECTS.contains(status) || location == null) {
        break;
      }
      close(response);
      if (hop >= MAX_REDIRECTS) {
        throw new NodeFailure("http.too_many_redirects", "more than " + MAX_REDIRECTS + " redirects", false);
      }
      uri = uri.resolve(location);
      if (status == 303 || ((status == 301 || status == 302) && !method.equals("GET") && !method.equals("HEAD"))) {
        method = "GET";
        body = null;
      }
    }
    HttpResponses.Read read = HttpResponses.read(response, settings.maxResponseSize().toBytes(), prepared);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("method", method);
    details.put("url", prepared.mask(uri.toString()));
    details.put("request_headers", prepared.maskedHeaders());
    details.put("status_code", response.statusCode());
    details.put("response_bytes", read.bytes());
    details.put("elapsed_ms", (System.nanoTime() - started) / 1_000_000);
    int status = response.statusCode();
    if (status >= 400) {
      boolean retryable = status == 429 || status >= 500;
      throw new NodeFailure("http.status_" + status, method + " " + prepared.mask(uri.toString()) + " answered "
          + status + ": " + prepared.mask(abbreviate(read.text())), retryable);
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("status_code", status);
    outputs.put("headers", HttpResponses.headers(response));
    outputs.put("body", read.body());
    outputs.put("text", read.text());
    return NodeResult.of(outputs).withDetails(details);
  }

  private HttpResponse<InputStream> send(String method, URI uri, PreparedRequest prepared, byte[] body,
      Duration timeout) throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      prepared.headers().forEach(request::header);
    } catch (IllegalArgumentException e) {
      throw new NodeFailure("http.invalid_request", "a header cannot be sent: " + e.getMessage(), false);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new NodeFailure("http.timeout", method + " " + prepared.mask(uri.toString()) + " took longer than "
          + timeout.toMillis() + " ms", true, e);
    } catch (AddressRefusedException e) {
      throw new NodeFailure("http.forbidden_address", "refused " + prepared.mask(uri.toString()) + " when connecting: "
          + e.getMessage(), false, e);
    } catch (ConnectException e) {
      throw new NodeFailure("http.connect_failed", "cannot connect to " + uri.getHost() + ":" + port(uri), true, e);
    } catch (IOException e) {
      throw new NodeFailure("http.io_error", method + " " + prepared.mask(uri.toString()) + " failed: "
          + e.getMessage(), true, e);
    }
  }

  private void guard(URI uri, PreparedRequest prepared) {
    String refusal = resolver.refusal(uri.getHost());
    if (refusal != null) {
      throw new NodeFailure("http.forbidden_address", "refused " + prepared.mask(uri.toString()) + ": " + refusal,
          false);
    }
  }

  private Duration timeout(NodeContext context) {
    var configured = context.config() == null ? null : context.config().get("timeout_ms");
    Duration timeout = configured != null && configured.isIntegralNumber() && configured.asLong() > 0
        ? Duration.ofMillis(Math.min(configured.asLong(), HttpNodeConfig.MAX_TIMEOUT_MS)) : settings.timeout();
    Duration left = context.timeLeft();
    if (left != null && !left.isNegative() && !left.isZero() && left.compareTo(timeout) < 0) {
      timeout = left;
    }
    return timeout;
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // the redirect's body is not needed
    }
  }

  private static String abbreviate(String text) {
    return text == null ? "" : text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
