package io.jingzhi.guard.proxy;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.iam.api.Caller;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The portal's "test" button: a sample request goes through a route's redirect, identity, path changes, text
 * extraction and inspection exactly as a real one would, and the outcome is shown. The app itself is not contacted,
 * so testing a route never sends anything to a production system. The check is recorded like any other.
 */
@Component
class RouteTester {

  private final ProxyRouteService service;
  private final ReverseProxy proxy;
  private final JsonMapper json;

  RouteTester(ProxyRouteService service, ReverseProxy proxy, JsonMapper json) {
    this.service = service;
    this.proxy = proxy;
    this.json = json;
  }

  /** A sample request: path as the app's clients send it, headers (identity), content type and body. */
  record Sample(String path, Map<String, String> headers, String contentType, String body) {}

  /**
   * What the route did with the sample. {@code outcome}: {@code redirect}, {@code blocked}, {@code masked},
   * {@code forwarded} (unchanged) or {@code rejected} (the proxy would answer 400).
   */
  record Result(String outcome, String upstreamUrl, String username, Long orgId, long tenantId, Long appId,
      List<String> extracted, GuardVerdict verdict, String forwardedBody, Integer status, String contentType,
      String responseBody, String location, String problem) {}

  Result test(Caller caller, long id, Sample sample) {
    ProxyRoute route = service.get(caller, id);
    CompiledRoute compiled = CompiledRoute.compile(route, json);
    Sample s = sample == null ? new Sample(null, null, null, null) : sample;
    String path = s.path() == null || s.path().isBlank() ? route.pathPrefix() : s.path().strip();
    if (!path.startsWith("/")) {
      throw ApiException.invalid("path", "must start with /");
    }
    String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : null;
    String bare = query == null ? path : path.substring(0, path.indexOf('?'));
    String upstreamUrl = compiled.upstreamUri(bare, query).toString();
    GuardSubject subject = proxy.subject(compiled, null, s.headers() == null ? Map.of() : s.headers());
    if (route.redirectUrl() != null) {
      return new Result("redirect", null, subject.username(), subject.orgId(), route.tenantId(), route.appId(),
          List.of(), null, null, route.redirectStatus(), null, null, route.redirectUrl(), null);
    }
    String contentType = s.contentType() == null ? "application/json" : s.contentType();
    byte[] body = s.body() == null ? new byte[0] : s.body().getBytes(StandardCharsets.UTF_8);
    ReverseProxy.Inbound in = proxy.dryRun(compiled, s.headers() == null ? Map.of() : s.headers(), contentType, body);
    if (in.problem() != null) {
      return new Result("rejected", upstreamUrl, subject.username(), subject.orgId(), route.tenantId(),
          route.appId(), List.of(), null, null, 400, null, null, null, in.problem());
    }
    if (in.refusal() != null) {
      return new Result("blocked", upstreamUrl, subject.username(), subject.orgId(), route.tenantId(), route.appId(),
          in.texts(), in.verdict(), null, in.refusal().status(), in.refusal().contentType(), in.refusal().body(),
          in.refusal().location(), null);
    }
    boolean masked = in.verdict() != null && in.verdict().masks();
    return new Result(masked ? "masked" : "forwarded", upstreamUrl, subject.username(), subject.orgId(),
        route.tenantId(), route.appId(), in.texts(), in.verdict(), new String(in.body(), StandardCharsets.UTF_8), null,
        null, null, null, null);
  }
}
