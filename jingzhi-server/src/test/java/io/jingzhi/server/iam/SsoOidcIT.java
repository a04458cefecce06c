package io.jingzhi.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Single sign-on over OpenID Connect against a real OpenID provider started by the test (NAV's
 * mock-oauth2-server), driven like a browser that does not follow redirects: authorize, provider, callback.
 */
class SsoOidcIT extends ServerIT {

  private static final String ISSUER_ID = "jingban";
  private static final String CLIENT_ID = "jingzhi-portal";

  private static MockOAuth2Server provider;

  private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @DynamicPropertySource
  static void oidc(DynamicPropertyRegistry registry) {
    provider = new MockOAuth2Server();
    provider.start();
    registry.add("jingzhi.iam.oidc.providers[0].id", () -> ISSUER_ID);
    registry.add("jingzhi.iam.oidc.providers[0].name", () -> "京办");
    registry.add("jingzhi.iam.oidc.providers[0].issuer-uri", () -> provider.issuerUrl(ISSUER_ID).toString());
    registry.add("jingzhi.iam.oidc.providers[0].client-id", () -> CLIENT_ID);
    registry.add("jingzhi.iam.oidc.providers[0].client-secret", () -> "portal-secret");
    registry.add("jingzhi.iam.oidc.providers[0].org-claim", () -> "department");
    registry.add("jingzhi.iam.oidc.providers[0].parent-org", () -> "sso-oidc");
    registry.add("jingzhi.iam.oidc.providers[0].default-roles", () -> "developer");
    // A provider whose issuer cannot be reached must not stop the platform from starting.
    registry.add("jingzhi.iam.oidc.providers[1].id", () -> "broken");
    registry.add("jingzhi.iam.oidc.providers[1].name", () -> "不可达");
    registry.add("jingzhi.iam.oidc.providers[1].issuer-uri", () -> "http://127.0.0.1:9/nowhere");
    registry.add("jingzhi.iam.oidc.providers[1].client-id", () -> CLIENT_ID);
  }

  @AfterAll
  static void stopProvider() {
    provider.shutdown();
  }

  @BeforeEach
  void orgs() {
    if (jdbc.sql("select count(*) from iam_orgs where code = 'sso-oidc'").query(Long.class).single() == 0) {
      String admin = adminToken();
      long parent = api.post("/api/v1/orgs", admin, map("code", "sso-oidc", "name", "京办单位", "parent_id", 1)).id();
      assertThat(api.post("/api/v1/orgs", admin, map("code", "wjw-yzc", "name", "医政处", "parent_id", parent))
          .status()).isEqualTo(201);
    }
  }

  @Test
  void signInThroughTheProviderIssuesAPlatformSession() throws Exception {
    var start = get("/api/v1/auth/oidc/jingban/authorize", null);
    assertThat(start.statusCode()).isEqualTo(302);
    String authorize = location(start);
    assertThat(authorize).startsWith(provider.authorizationEndpointUrl(ISSUER_ID).toString());
    Map<String, String> query = query(URI.create(authorize));
    assertThat(query).containsKeys("state", "nonce", "code_challenge").containsEntry("code_challenge_method", "S256")
        .containsEntry("client_id", CLIENT_ID).containsEntry("response_type", "code");
    assertThat(query.get("redirect_uri")).isEqualTo("http://127.0.0.1:" + port + "/api/v1/auth/oidc/jingban/callback");
    String cookie = cookie(start);
    assertThat(start.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly", "SameSite=Lax");

    String callback = authorizeAtProvider(authorize, "sub-zhao", Map.of("preferred_username", "zhaoliu", "name",
        "赵六", "email", "zhaoliu@city.gov", "department", "市卫健委"));
    var done = get(callback, cookie);
    assertThat(done.statusCode()).isEqualTo(302);
    String landing = location(done);
    assertThat(landing).startsWith("/sso-callback#token=");
    String token = landing.substring("/sso-callback#token=".length());

    JsonNode me = api.get("/api/v1/me", token).json();
    assertThat(me.get("username").asString()).isEqualTo("zhaoliu");
    assertThat(me.get("display_name").asString()).isEqualTo("赵六");
    assertThat(me.get("source").asString()).isEqualTo("oidc");
    assertThat(me.get("org").get("name").asString()).isEqualTo("市卫健委");
    assertThat(me.get("tenant").get("name").asString()).isEqualTo("市卫健委");
    assertThat(me.get("roles").valueStream().map(JsonNode::asString)).containsExactly("developer");
    var org = api.get("/api/v1/orgs/" + me.get("org").get("id").asLong(), adminToken()).json();
    assertThat(org.get("source").asString()).isEqualTo("oidc");
    assertThat(org.get("external_id").asString()).isEqualTo("jingban:市卫健委");
    assertThat(jdbc.sql("select external_id from iam_users where username = 'zhaoliu'").query(String.class).single())
        .isEqualTo("jingban:sub-zhao");

    // The same callback again: the state is used up.
    assertThat(location(get(callback, cookie))).isEqualTo("/login?sso_error=invalid_state");
    // An OIDC account has no platform password.
    assertThat(api.post("/api/v1/auth/login", null, map("username", "zhaoliu", "password", "anything")).status())
        .isEqualTo(401);
  }

  @Test
  void anOrgClaimNamingAnExistingOrgCodeUnderTheParentPlacesTheUserThere() throws Exception {
    var start = get("/api/v1/auth/oidc/jingban/authorize", null);
    String callback = authorizeAtProvider(location(start), "sub-qian", Map.of("preferred_username", "qianqi",
        "name", "钱七", "department", "wjw-yzc"));
    String token = location(get(callback, cookie(start))).substring("/sso-callback#token=".length());
    assertThat(api.get("/api/v1/me", token).json().get("org").get("code").asString()).isEqualTo("wjw-yzc");
  }

  @Test
  void tamperedForeignOrMissingStateIsRefused() throws Exception {
    var start = get("/api/v1/auth/oidc/jingban/authorize", null);
    String cookie = cookie(start);
    String callback = authorizeAtProvider(location(start), "sub-sun", Map.of("preferred_username", "sunba"));
    String state = query(URI.create(callback)).get("state");

    assertThat(location(get(callback.replace("state=" + state, "state=" + state + "x"), cookie)))
        .isEqualTo("/login?sso_error=invalid_state");
    assertThat(location(get(callback.replace("state=" + state, "state="), cookie)))
        .isEqualTo("/login?sso_error=invalid_state");
    // Without this browser's cookie (login CSRF) the callback fails, and leaves the real sign-in usable.
    assertThat(location(get(callback, null))).isEqualTo("/login?sso_error=invalid_state");
    assertThat(location(get(callback, cookie))).startsWith("/sso-callback#token=");
  }

  @Test
  void providerErrorsAndReplayedIdTokensEndOnTheLoginPageAndAreAudited() throws Exception {
    var start = get("/api/v1/auth/oidc/jingban/authorize", null);
    String state = query(URI.create(location(start))).get("state");
    var denied = get("/api/v1/auth/oidc/jingban/callback?error=access_denied&state=" + state, cookie(start));
    assertThat(location(denied)).isEqualTo("/login?sso_error=provider_error");

    // An ID token that answers another sign-in (its nonce is not the one this sign-in sent) is rejected.
    var second = get("/api/v1/auth/oidc/jingban/authorize", null);
    String authorize = location(second);
    String nonce = query(URI.create(authorize)).get("nonce");
    String callback = authorizeAtProvider(authorize.replace("nonce=" + nonce, "nonce=forged-" + nonce), "sub-zhou",
        Map.of("preferred_username", "zhoujiu"));
    assertThat(location(get(callback, cookie(second)))).isEqualTo("/login?sso_error=invalid_id_token");
    assertThat(jdbc.sql("select count(*) from iam_users where username = 'zhoujiu'").query(Long.class).single())
        .isZero();

    var events = api.get("/api/v1/audit/events?action=auth.login&result=failure&size=100",
        api.login("auditor", ADMIN_PASSWORD)).json().get("items");
    assertThat(events.valueStream().map(e -> e.get("detail").asString()))
        .anyMatch(d -> d.contains("jingban: provider_error: provider answered access_denied"))
        .anyMatch(d -> d.contains("jingban: invalid_id_token"));
  }

  @Test
  void providersAreListedAndAnUnreachableOneAnswers503() throws Exception {
    var broken = api.get("/api/v1/auth/oidc/broken/authorize", null);
    assertThat(broken.status()).isEqualTo(503);
    assertThat(broken.text("code")).isEqualTo("sso.provider_unavailable");
    assertThat(api.get("/api/v1/auth/oidc/nosuch/authorize", null).status()).isEqualTo(404);

    var providers = api.get("/api/v1/auth/providers", null);
    assertThat(providers.status()).isEqualTo(200);
    var oidc = providers.json().get("oidc");
    var jingban = oidc.valueStream().filter(p -> p.get("id").asString().equals(ISSUER_ID)).findFirst().orElseThrow();
    assertThat(jingban.get("name").asString()).isEqualTo("京办");
    assertThat(jingban.get("authorize_url").asString()).isEqualTo("/api/v1/auth/oidc/jingban/authorize");
    assertThat(jingban.get("available").asBoolean()).isTrue();
    assertThat(oidc.valueStream().filter(p -> p.get("id").asString().equals("broken")).findFirst().orElseThrow()
        .get("available").asBoolean()).isFalse();
  }

  /** Lets the provider sign the user in (no login form) and returns the callback URL it redirects to. */
  private String authorizeAtProvider(String authorizeUrl, String subject, Map<String, Object> claims)
      throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims,
        3600));
    var atProvider = get(authorizeUrl, null);
    assertThat(atProvider.statusCode()).isEqualTo(302);
    String callback = location(atProvider);
    assertThat(callback).startsWith("http://127.0.0.1:" + port + "/api/v1/auth/oidc/jingban/callback?");
    return callback;
  }

  private HttpResponse<String> get(String url, String cookie) throws IOException, InterruptedException {
    URI uri = url.startsWith("http") ? URI.create(url) : URI.create("http://127.0.0.1:" + port + url);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String location(HttpResponse<String> response) {
    return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
        "no redirect: " + response.statusCode() + " " + response.body()));
  }

  private static String cookie(HttpResponse<String> response) {
    return response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
  }

  private static Map<String, String> query(URI uri) {
    return Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8)
            : ""));
  }
}
