package io.jingzhi.guard.proxy;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.Guard;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves one proxied request: redirect, or inspect the prompt (refuse it without contacting the app, or pass it
 * with personal data masked), forward it, and inspect what comes back — JSON bodies whole, event streams
 * incrementally — before the client sees it. Decisions are recorded by the guard itself.
 */
@Component
public class ReverseProxy implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ReverseProxy.class);

  private final RouteTable routes;
  private final Guard guard;
  private final JsonMapper json;
  private final Refusals refusals;
  private final Upstream upstream = new Upstream();
  private final long maxBodyBytes;
  private final String refusalText;
  private final Duration streamIdleTimeout;
  private final MeterRegistry meters;
  /** Looks after the idle limit of every relayed stream; one daemon thread does only that. */
  private final ScheduledExecutorService idleTimer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("guard-proxy-idle").factory());

  ReverseProxy(RouteTable routes, Guard guard, JsonMapper json, GuardProperties properties, Clock clock,
      MeterRegistry meters) {
    this.routes = routes;
    this.meters = meters;
    this.streamIdleTimeout = properties.proxy().streamIdleTimeout();
    this.guard = guard;
    this.json = json;
    this.refusals = new Refusals(json, clock);
    this.maxBodyBytes = properties.proxy().maxBodySize().toBytes();
    this.refusalText = properties.refusalText();
  }

  /** A request on the main port: {@code /proxy/{code}/rest} goes to route {@code code} with path {@code /rest}. */
  public void serveByCode(HttpServletRequest request, HttpServletResponse response, String uriAfterProxy)
      throws IOException {
    String rest = uriAfterProxy.startsWith("/") ? uriAfterProxy.substring(1) : uriAfterProxy;
    int slash = rest.indexOf('/');
    String code = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "/" : rest.substring(slash);
    var route = routes.byCode(code);
    if (route.isEmpty()) {
      refusals.problem(response, HttpStatus.NOT_FOUND, "guard_proxy_route.not_found",
          "No enabled proxy route has the code " + code);
      return;
    }
    serve(request, response, route.get(), path);
  }

  /** A request on the dedicated proxy port: matched by Host and path. */
  public void serveByHost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getRequestURI();
    var route = routes.match(request.getHeader("Host"), path);
    if (route.isEmpty()) {
      refusals.problem(response, HttpStatus.NOT_FOUND, "guard_proxy_route.not_found",
          "No enabled proxy route serves this host and path");
      return;
    }
    serve(request, response, route.get(), path);
  }

  private void serve(HttpServletRequest request, HttpServletResponse response, CompiledRoute route, String path)
      throws IOException {
    ProxyRoute r = route.route();
    if (r.redirectUrl() != null) {
      response.setStatus(r.redirectStatus());
      response.setHeader("Location", r.redirectUrl());
      response.setContentLength(0);
      return;
    }
    byte[] body = Bodies.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes);
    if (body == null) {
      refusals.problem(response, HttpStatus.CONTENT_TOO_LARGE, "body_too_large",
          "The request body exceeds the proxy's limit of " + maxBodyBytes + " bytes");
      return;
    }
    GuardSubject subject = subject(route, request, null);
    Inbound in = inspectRequest(route, subject, request.getContentType(), body);
    if (in.problem() != null) {
      refusals.problem(response, HttpStatus.BAD_REQUEST, "guard_proxy.invalid_json", in.problem());
      return;
    }
    if (in.refusal() != null) {
      refusals.write(response, in.refusal(), in.verdict() == null ? null : in.verdict().eventId());
      return;
    }
    forward(request, response, route, in.subject(), path, in.body(), in.stream(), in.model());
  }

  /** What became of a request body: refused, rejected as broken JSON, or to be forwarded (masked or not). */
  record Inbound(byte[] body, GuardSubject subject, GuardVerdict verdict, Refusals.Answer refusal, String problem,
      boolean stream, String model, List<String> texts) {}

  /** Inspects a request body as the route says; also what the route test runs. */
  Inbound inspectRequest(CompiledRoute route, GuardSubject subject, String contentType, byte[] body) {
    if (body.length == 0) {
      return new Inbound(body, subject, null, null, null, false, null, List.of());
    }
    JsonNode tree;
    if (!Bodies.isJson(contentType)) {
      // The declared type does not decide what is inspected, or a client would pass the guard by calling its JSON
      // text/plain: JSON is read as JSON, and other text is checked as a whole.
      tree = Bodies.looksLikeJson(body) ? readOrNull(body) : null;
      if (tree == null) {
        return nonJson(route, subject, contentType, body);
      }
    } else {
      try {
        tree = json.readTree(body);
      } catch (JacksonException e) {
        return new Inbound(body, subject, null, null, "The request body is not valid JSON: " + e.getOriginalMessage(),
            false, null, List.of());
      }
    }
    boolean stream = tree != null && tree.path("stream").asBoolean(false);
    String model = tree != null && tree.get("model") != null && tree.get("model").isString()
        ? tree.get("model").asString() : null;
    GuardSubject withModel = model == null ? subject : subject.withModel(model);
    Texts texts = tree == null || !tree.isContainer() ? Texts.none() : TextExtractor.request(route, tree);
    if (texts.isEmpty()) {
      return new Inbound(body, withModel, null, null, null, stream, model, List.of());
    }
    List<String> found = texts.slots().stream().map(JsonPath.Slot::get).toList();
    GuardVerdict verdict = guard.check(withModel, GuardRequest.input(texts.joined(), texts.history()));
    if (verdict.stops()) {
      return refused(route, withModel, verdict, body, stream, model, found);
    }
    boolean masked = false;
    for (TextExtractor.Context c : TextExtractor.context(route, tree)) {
      GuardVerdict v = guard.check(withModel, GuardRequest.secondaryInput(c.texts().joined(), c.mayStop()));
      if (v.stops()) {
        return refused(route, withModel, v, body, stream, model, found);
      }
      if (v.masks()) {
        c.texts().writeMasked(v.text());
        masked = true;
      }
    }
    if (verdict.masks()) {
      texts.writeMasked(verdict.text());
      masked = true;
    }
    return new Inbound(masked ? json.writeValueAsBytes(tree) : body, withModel, verdict, null, null, stream, model,
        found);
  }

  private JsonNode readOrNull(byte[] body) {
    try {
      return json.readTree(body);
    } catch (JacksonException notJson) {
      return null;
    }
  }

  /**
   * A body that is not JSON: text (text/*, a form, or no type at all) is checked as one input and refused like any
   * prompt (plain text is forwarded masked when the guard masks); anything else (files, images) passes, or is
   * refused when the route says {@code block_non_json}.
   */
  private Inbound nonJson(CompiledRoute route, GuardSubject subject, String contentType, byte[] body) {
    String text = Bodies.text(contentType, body);
    if (text == null) {
      return route.route().blockNonJson()
          ? new Inbound(body, subject, null, refusals.answer(route, refusalText, false, null), null, false, null,
              List.of())
          : new Inbound(body, subject, null, null, null, false, null, List.of());
    }
    GuardVerdict verdict = guard.check(subject, GuardRequest.input(text, List.of()));
    if (verdict.stops()) {
      return refused(route, subject, verdict, body, false, null, List.of(text));
    }
    boolean plain = verdict.masks() && Bodies.isPlainText(contentType);
    return new Inbound(plain ? verdict.text().getBytes(Bodies.charset(contentType)) : body, subject, verdict, null,
        null, false, null, List.of(text));
  }

  private Inbound refused(CompiledRoute route, GuardSubject subject, GuardVerdict verdict, byte[] body,
      boolean stream, String model, List<String> found) {
    String text = verdict.answer() == null ? refusalText : verdict.answer();
    Refusals.Answer answer = verdict.redirect() != null ? refusals.redirect(verdict.redirect())
        : refusals.answer(route, text, stream, model);
    return new Inbound(body, subject, verdict, answer, null, stream, model, found);
  }

  /** The guard subject of a request: the user named by the identity header, the route's tenant and app. */
  GuardSubject subject(CompiledRoute route, HttpServletRequest request, Map<String, String> testHeaders) {
    ProxyRoute r = route.route();
    String username = header(request, testHeaders, r.identityHeader());
    Long orgId = routes.orgId(r.tenantId(), header(request, testHeaders, r.orgHeader()));
    String ip = request == null ? null : request.getRemoteAddr();
    return new GuardSubject(r.tenantId(), orgId, null, username, Set.of(), null, r.appId(), null, null, ip, "proxy");
  }

  private static String header(HttpServletRequest request, Map<String, String> testHeaders, String name) {
    if (name == null) {
      return null;
    }
    String value = null;
    if (testHeaders != null) {
      value = testHeaders.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
          .findFirst().orElse(null);
    } else if (request != null) {
      value = request.getHeader(name);
    }
    if (value == null || value.isBlank()) {
      return null;
    }
    value = value.strip();
    return value.length() > 128 ? value.substring(0, 128) : value;
  }

  private void forward(HttpServletRequest request, HttpServletResponse response, CompiledRoute route,
      GuardSubject subject, String path, byte[] body, boolean stream, String model) throws IOException {
    URI target = route.upstreamUri(path, request.getQueryString());
    HttpResponse<InputStream> upstreamResponse;
    try {
      upstreamResponse = upstream.send(route, request, target, body);
    } catch (HttpConnectTimeoutException e) {
      refusals.problem(response, HttpStatus.GATEWAY_TIMEOUT, "guard_proxy.upstream_timeout",
          "The app did not accept the connection within " + route.route().connectTimeoutMs() + " ms");
      return;
    } catch (HttpTimeoutException e) {
      refusals.problem(response, HttpStatus.GATEWAY_TIMEOUT, "guard_proxy.upstream_timeout",
          "The app did not answer within " + route.route().readTimeoutMs() + " ms");
      return;
    } catch (ConnectException e) {
      refusals.problem(response, HttpStatus.BAD_GATEWAY, "guard_proxy.upstream_unreachable",
          "The app at " + target.getHost() + ":" + port(target) + " cannot be reached");
      return;
    } catch (IOException e) {
      log.info("Proxy route {}: upstream failed: {}", route.route().code(), e.toString());
      refusals.problem(response, HttpStatus.BAD_GATEWAY, "guard_proxy.upstream_failed",
          "The app's connection failed: " + e.getClass().getSimpleName());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      refusals.problem(response, HttpStatus.SERVICE_UNAVAILABLE, "guard_proxy.interrupted", "The server is stopping");
      return;
    }
    try (InputStream in = upstreamResponse.body()) {
      relay(response, route, subject, upstreamResponse, in, stream, model);
    }
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  private void relay(HttpServletResponse response, CompiledRoute route, GuardSubject subject,
      HttpResponse<InputStream> up, InputStream in, boolean stream, String model) throws IOException {
    String contentType = up.headers().firstValue("Content-Type").orElse(null);
    String encoding = up.headers().firstValue("Content-Encoding").orElse("identity").toLowerCase(Locale.ROOT);
    boolean plain = encoding.equals("identity");
    if (plain && Bodies.isEventStream(contentType)) {
      copyHeaders(up, response, false);
      try (IdleWatch watch = IdleWatch.start(in, streamIdleTimeout, idleTimer)) {
        SseRelay.Ending ending = new SseRelay(route, () -> guard.openOutput(subject), json)
            .relay(in, response.getOutputStream(), watch);
        if (ending == SseRelay.Ending.IDLE_TIMEOUT) {
          log.warn("Proxy route {}: the app's stream was silent for {}; the client's stream was ended",
              route.route().code(), streamIdleTimeout);
          meters.counter("jingzhi.guard.proxy.stream.idle_timeouts", "route", route.route().code()).increment();
        }
      }
      return;
    }
    if (plain && Bodies.isJson(contentType)) {
      byte[] body = Bodies.read(in, up.headers().firstValueAsLong("Content-Length").orElse(-1), maxBodyBytes);
      if (body == null) {
        refusals.problem(response, HttpStatus.BAD_GATEWAY, "guard_proxy.response_too_large",
            "The app's JSON answer exceeds the limit of " + maxBodyBytes + " bytes that can be inspected");
        return;
      }
      byte[] out = inspectResponse(route, subject, body);
      copyHeaders(up, response, false);
      response.setContentLength(out.length);
      try (OutputStream os = response.getOutputStream()) {
        os.write(out);
      }
      return;
    }
    boolean hasBody = up.headers().firstValueAsLong("Content-Length").orElse(-1) != 0;
    if (route.route().blockNonJson() && hasBody && contentType != null) {
      refusals.write(response, refusals.answer(route, refusalText, stream, model), null);
      return;
    }
    copyHeaders(up, response, true);
    try (OutputStream os = response.getOutputStream()) {
      Bodies.copy(in, os);
    }
  }

  /** Inspects a whole JSON answer; returns it unchanged, masked, or with the generated text replaced. */
  byte[] inspectResponse(CompiledRoute route, GuardSubject subject, byte[] body) {
    JsonNode tree;
    try {
      tree = json.readTree(body);
    } catch (JacksonException e) {
      return body; // not JSON after all: nothing the guard can read, passed as the app sent it
    }
    Texts texts = tree == null || !tree.isContainer() ? Texts.none() : TextExtractor.response(route, tree);
    if (texts.isEmpty()) {
      return body;
    }
    GuardVerdict verdict = guard.check(subject, GuardRequest.output(texts.joined()));
    if (verdict.stops()) {
      texts.replaceAll(verdict.answer() == null ? refusalText : verdict.answer());
      if (route.openAiExtraction() && tree.get("choices") instanceof tools.jackson.databind.node.ArrayNode cs) {
        cs.forEach(c -> {
          if (c instanceof ObjectNode choice) {
            choice.put("finish_reason", "content_filter");
          }
        });
      }
      return json.writeValueAsBytes(tree);
    }
    if (verdict.masks()) {
      texts.writeMasked(verdict.text());
      return json.writeValueAsBytes(tree);
    }
    return body;
  }

  private static void copyHeaders(HttpResponse<InputStream> up, HttpServletResponse response, boolean keepLength) {
    response.setStatus(up.statusCode());
    up.headers().map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith(":") || (Upstream.HOP_BY_HOP.contains(lower) && !(keepLength
          && lower.equals("content-length")))) {
        return;
      }
      values.forEach(v -> response.addHeader(name, v));
    });
  }

  /** The request as the route test shows it: no upstream is contacted. */
  Inbound dryRun(CompiledRoute route, Map<String, String> headers, String contentType, byte[] body) {
    return inspectRequest(route, subject(route, null, headers), contentType, body);
  }

  @Override
  public void destroy() {
    idleTimer.shutdownNow();
    upstream.close();
  }
}
