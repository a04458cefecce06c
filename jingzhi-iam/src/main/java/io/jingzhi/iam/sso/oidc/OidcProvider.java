package io.jingzhi.iam.sso.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.IamProperties;
import io.jingzhi.iam.auth.SsoProvider;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * One configured OpenID provider, spoken to with the Nimbus OAuth 2.0 / OIDC SDK. Its endpoints and keys are
 * discovered from {@code <issuer>/.well-known/openid-configuration} on first need, not at start, so an
 * unreachable provider leaves the platform running: the provider shows as unavailable and is retried.
 */
public class OidcProvider implements SsoProvider {

  private static final Logger log = LoggerFactory.getLogger(OidcProvider.class);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(30);
  private static final int MAX_JWKS_SIZE = 512 * 1024;

  private final IamProperties.Oidc.Provider config;
  private final int connectTimeout;
  private final int readTimeout;
  private final Clock clock;
  private volatile Discovered discovered;
  private volatile Instant failedAt;

  /** What discovery found: the provider's metadata and a validator for its ID tokens. */
  private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

  public OidcProvider(IamProperties.Oidc settings, String id, Clock clock) {
    this.config = settings.providers().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    this.connectTimeout = (int) settings.connectTimeout().toMillis();
    this.readTimeout = (int) settings.readTimeout().toMillis();
    this.clock = clock;
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String authorizeUrl() {
    return "/api/v1/auth/oidc/" + config.id() + "/authorize";
  }

  /** False once discovery failed, until a retry succeeds. */
  @Override
  public boolean available() {
    return discovered != null || failedAt == null;
  }

  public IamProperties.Oidc.Provider config() {
    return config;
  }

  /** Reads the provider's metadata unless known; failures are remembered for a while so a dead issuer is not hammered. */
  public void discover() {
    if (discovered != null) {
      return;
    }
    synchronized (this) {
      if (discovered != null) {
        return;
      }
      Instant failed = failedAt;
      if (failed != null && failed.plus(RETRY_AFTER).isAfter(clock.instant())) {
        throw unavailable();
      }
      try {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(config.issuerUri().strip()),
            connectTimeout, readTimeout);
        discovered = new Discovered(metadata, validator(metadata));
        failedAt = null;
        log.info("OpenID provider {} discovered at {}", config.id(), metadata.getIssuer());
      } catch (GeneralException | IOException | RuntimeException e) {
        failedAt = clock.instant();
        log.warn("OpenID provider {} unavailable: discovery at {} failed: {}", config.id(), config.issuerUri(),
            e.toString());
        throw unavailable();
      }
    }
  }

  /** Where to send the browser: the provider's authorization endpoint with state, nonce and a PKCE challenge. */
  URI authorizationUri(URI redirectUri, State state, Nonce nonce, CodeVerifier verifier) {
    discover();
    Scope scope = new Scope("openid");
    config.scopes().forEach(scope::add);
    return new AuthenticationRequest.Builder(ResponseType.CODE, scope, new ClientID(config.clientId()), redirectUri)
        .endpointURI(discovered.metadata().getAuthorizationEndpointURI())
        .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256)
        .build().toURI();
  }

  /** Exchanges the authorization code (with the PKCE verifier) at the token endpoint. */
  OIDCTokens exchange(AuthorizationCode code, URI redirectUri, CodeVerifier verifier) {
    discover();
    URI endpoint = discovered.metadata().getTokenEndpointURI();
    AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, redirectUri, verifier);
    ClientAuthentication auth = clientAuthentication();
    TokenRequest request = auth == null ? new TokenRequest(endpoint, new ClientID(config.clientId()), grant)
        : new TokenRequest(endpoint, auth, grant);
    try {
      TokenResponse response = OIDCTokenResponseParser.parse(send(request.toHTTPRequest()));
      if (!response.indicatesSuccess()) {
        var error = response.toErrorResponse().getErrorObject();
        throw new OidcLoginFailure("token_exchange_failed", "token endpoint refused the code: " + error.getCode()
            + (error.getDescription() == null ? "" : " (" + error.getDescription() + ")"));
      }
      return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    } catch (ParseException | IOException | ClassCastException e) {
      throw new OidcLoginFailure("token_exchange_failed", "token endpoint failed: " + e.getMessage());
    }
  }

  /** Checks the ID token's signature (JWKS), issuer, audience, expiry and nonce; returns its claims. */
  Map<String, Object> validate(JWT idToken, Nonce nonce) {
    if (idToken == null) {
      throw new OidcLoginFailure("invalid_id_token", "the token response has no ID token");
    }
    try {
      return discovered.validator().validate(idToken, nonce).toJWTClaimsSet().getClaims();
    } catch (BadJOSEException | JOSEException | ParseException e) {
      throw new OidcLoginFailure("invalid_id_token", "ID token rejected: " + e.getMessage());
    }
  }

  /** The UserInfo claims of the subject, for claims the ID token does not carry; empty without the endpoint. */
  Map<String, Object> userInfo(AccessToken accessToken, String subject) {
    URI endpoint = discovered.metadata().getUserInfoEndpointURI();
    if (endpoint == null || !(accessToken instanceof BearerAccessToken bearer)) {
      return Map.of();
    }
    try {
      UserInfoResponse response = UserInfoResponse.parse(send(new UserInfoRequest(endpoint, bearer).toHTTPRequest()));
      if (!response.indicatesSuccess()) {
        throw new OidcLoginFailure("userinfo_failed", "UserInfo refused: "
            + response.toErrorResponse().getErrorObject().getCode());
      }
      UserInfo info = response.toSuccessResponse().getUserInfo();
      if (info == null) {
        return Map.of(); // a signed UserInfo JWT: the ID token's claims have to do
      }
      if (!subject.equals(info.getSubject().getValue())) {
        // OIDC Core 5.3.2: a UserInfo answer about somebody else must not be used.
        throw new OidcLoginFailure("userinfo_failed", "UserInfo subject differs from the ID token's");
      }
      return info.toJSONObject();
    } catch (ParseException | IOException e) {
      throw new OidcLoginFailure("userinfo_failed", "UserInfo failed: " + e.getMessage());
    }
  }

  private IDTokenValidator validator(OIDCProviderMetadata metadata) throws IOException {
    Issuer issuer = metadata.getIssuer();
    ClientID client = new ClientID(config.clientId());
    List<JWSAlgorithm> offered = metadata.getIDTokenJWSAlgs() == null ? List.of() : metadata.getIDTokenJWSAlgs();
    JWSAlgorithm algorithm = offered.contains(JWSAlgorithm.RS256) || offered.isEmpty() ? JWSAlgorithm.RS256
        : offered.stream().filter(a -> !JWSAlgorithm.Family.HMAC_SHA.contains(a) && !"none".equals(a.getName()))
            .findFirst().orElse(null);
    if (algorithm == null) {
      // Only client-secret (HMAC) signatures offered: the secret is the key.
      return new IDTokenValidator(issuer, client, offered.getFirst(), new Secret(config.clientSecret()));
    }
    return new IDTokenValidator(issuer, client, algorithm, metadata.getJWKSetURI().toURL(),
        new DefaultResourceRetriever(connectTimeout, readTimeout, MAX_JWKS_SIZE));
  }

  private ClientAuthentication clientAuthentication() {
    if (config.clientSecret() == null || config.clientSecret().isBlank()) {
      return null; // a public client, protected by PKCE alone
    }
    ClientID client = new ClientID(config.clientId());
    Secret secret = new Secret(config.clientSecret());
    List<ClientAuthenticationMethod> methods = discovered.metadata().getTokenEndpointAuthMethods();
    if (methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
      return new ClientSecretPost(client, secret);
    }
    return new ClientSecretBasic(client, secret);
  }

  private com.nimbusds.oauth2.sdk.http.HTTPResponse send(HTTPRequest request) throws IOException {
    request.setConnectTimeout(connectTimeout);
    request.setReadTimeout(readTimeout);
    request.setFollowRedirects(false);
    return request.send();
  }

  private ApiException unavailable() {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "sso.provider_unavailable",
        "The sign-in provider " + config.name() + " cannot be reached; try again later or sign in with a password");
  }
}
