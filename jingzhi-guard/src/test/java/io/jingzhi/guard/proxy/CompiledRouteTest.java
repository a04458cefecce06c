package io.jingzhi.guard.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.common.error.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CompiledRouteTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static ProxyRoute route(String host, String prefix, String overwrite, String regex, String replacement) {
    return new ProxyRoute(1, "r1", "Route", true, 10L, null, host, prefix, "http://10.0.0.5:8000/base", 3000, 60000,
        "X-User-Id", null, overwrite, regex, replacement, null, null, ProxyRoute.OPENAI, List.of(), List.of(),
        List.of(), false, ProxyRoute.OPENAI, null, null, 200, null, null);
  }

  private static CompiledRoute compile(ProxyRoute r) {
    return CompiledRoute.compile(r, JSON);
  }

  @Test
  void pathPrefixesMatchOnSegmentBoundaries() {
    CompiledRoute r = compile(route(null, "/chat", null, null, null));
    assertThat(r.matches("any.host", "/chat")).isTrue();
    assertThat(r.matches(null, "/chat/completions")).isTrue();
    assertThat(r.matches("x", "/chatter")).isFalse();
    assertThat(r.matches("x", "/other/chat")).isFalse();
    assertThat(compile(route(null, "/", null, null, null)).matches("x", "/anything")).isTrue();
  }

  @Test
  void hostsMatchExactlyOrBySuffixIgnoringPortAndCase() {
    CompiledRoute exact = compile(route("chat.gov.cn", "/", null, null, null));
    assertThat(exact.matches("chat.gov.cn", "/")).isTrue();
    assertThat(exact.matches("CHAT.gov.cn:8443", "/")).isTrue();
    assertThat(exact.matches("a.chat.gov.cn", "/")).isFalse();
    assertThat(exact.matches(null, "/")).isFalse();
    CompiledRoute wildcard = compile(route("*.gov.cn", "/", null, null, null));
    assertThat(wildcard.matches("chat.gov.cn", "/")).isTrue();
    assertThat(wildcard.matches("a.b.gov.cn:80", "/")).isTrue();
    assertThat(wildcard.matches("gov.cn", "/")).as("the bare suffix is not a subdomain").isFalse();
    assertThat(wildcard.matches("evilgov.cn", "/")).isFalse();
  }

  @Test
  void moreSpecificRoutesWin() {
    var longPrefix = compile(route(null, "/chat/v2", null, null, null));
    var exactHost = compile(route("chat.gov.cn", "/chat", null, null, null));
    var wildcard = compile(route("*.gov.cn", "/chat", null, null, null));
    var anyHost = compile(route(null, "/chat", null, null, null));
    assertThat(List.of(anyHost, wildcard, longPrefix, exactHost).stream()
        .sorted(java.util.Comparator.comparingInt(CompiledRoute::specificity).reversed()).toList())
        .containsExactly(longPrefix, exactHost, wildcard, anyHost);
  }

  @Test
  void overwriteReplacesThePathAndRewriteAppliesTheRegex() {
    assertThat(compile(route(null, "/", "/v1/chat-messages", null, null)).upstreamUri("/anything/else", "a=1"))
        .hasToString("http://10.0.0.5:8000/base/v1/chat-messages?a=1");
    CompiledRoute rw = compile(route(null, "/app", null, "^/app(/.*)?$", "/api$1"));
    assertThat(rw.upstreamUri("/app/ask", null)).hasToString("http://10.0.0.5:8000/base/api/ask");
    assertThat(rw.upstreamUri("/app", null)).hasToString("http://10.0.0.5:8000/base/api");
    assertThat(compile(route(null, "/", null, "^/strip", "")).upstreamUri("/strip", null))
        .as("an empty rewrite result is still a path").hasToString("http://10.0.0.5:8000/base/");
    assertThat(compile(route(null, "/", null, null, null)).upstreamUri("/x%20y", "q=%E4%B8%AD"))
        .hasToString("http://10.0.0.5:8000/base/x%20y?q=%E4%B8%AD");
  }

  @Test
  void invalidRoutesNameTheField() {
    assertField(route(null, "/", null, "([a-z", null), "rewrite_regex");
    assertField(route(null, "/", null, "^/(a)", "$2"), "rewrite_replacement");
    assertField(route(null, "/", "/x", "^/a", "/b"), "rewrite_regex");
    assertField(route(null, "chat", null, null, null), "path_prefix");
    assertField(route(null, "/chat/", null, null, null), "path_prefix");
    assertField(route("http://x", "/", null, null, null), "host");
    assertField(route("a.gov.cn:80", "/", null, null, null), "host");
    assertField(route(null, "/", "no-slash", null, null), "uri_overwrite");
    ProxyRoute r = route(null, "/", null, null, null);
    assertField(with(r, "ftp://x", List.of(), ProxyRoute.OPENAI, null, null), "upstream_url");
    assertField(with(r, "http://x/?q=1", List.of(), ProxyRoute.OPENAI, null, null), "upstream_url");
    assertField(with(r, "http://x", List.of("$..a"), ProxyRoute.JSON_PATHS, null, null), "request_paths[0]");
    assertField(with(r, "http://x", List.of(), ProxyRoute.JSON_PATHS, null, null), "request_paths");
    assertField(with(r, "http://x", List.of("$.q"), ProxyRoute.JSON_PATHS, "{not json", "$.a"), "blocked_template");
    assertField(with(r, "http://x", List.of("$.q"), ProxyRoute.JSON_PATHS, "{\"a\":[]}", "$.a[0]"), "blocked_path");
    assertField(with(r, "http://x", List.of("$.q"), ProxyRoute.JSON_PATHS, "{\"a\":1}", "$.b[*]"), "blocked_path");
    assertThat(compile(with(r, "http://x", List.of("$.q"), ProxyRoute.JSON_PATHS, "{\"code\":1}", "$.data.answer"))
        .blockedBody("拒答")).hasToString("{\"code\":1,\"data\":{\"answer\":\"拒答\"}}");
  }

  private static ProxyRoute with(ProxyRoute r, String url, List<String> requestPaths, String extraction,
      String template, String blockedPath) {
    return new ProxyRoute(r.id(), r.code(), r.name(), r.enabled(), r.tenantId(), r.appId(), r.host(), r.pathPrefix(),
        url, r.connectTimeoutMs(), r.readTimeoutMs(), r.identityHeader(), r.orgHeader(), r.uriOverwrite(),
        r.rewriteRegex(), r.rewriteReplacement(), null, null, extraction, requestPaths, List.of(), List.of(), false,
        template == null ? ProxyRoute.OPENAI : ProxyRoute.TEMPLATE, template, blockedPath, 200, null, null);
  }

  private static void assertField(ProxyRoute r, String field) {
    assertThatThrownBy(() -> compile(r)).isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).fieldErrors()).singleElement()
            .satisfies(f -> assertThat(f.field()).isEqualTo(field)));
  }
}
