package io.jingzhi.iam.sso.oidc;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.IamProperties;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.apikey.ApiKeySecrets;
import io.jingzhi.iam.auth.SessionService;
import io.jingzhi.iam.org.Org;
import io.jingzhi.iam.org.OrgRepository;
import io.jingzhi.iam.sso.ExternalAccounts;
import io.jingzhi.iam.user.User;
import io.jingzhi.iam.user.UserRepository;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The OpenID Connect authorization code flow. {@link #start} remembers state, nonce and PKCE verifier server-side
 * and binds them to the browser with a cookie; {@link #finish} checks all three, exchanges the code, validates the
 * ID token, synchronises the account and its org, and issues a platform session. Every failure of a callback ends
 * as a redirect to the login page with a short error code and an audit event.
 */
@Service
public class OidcLogins {

  public static final String SOURCE = "oidc";

  private static final Logger log = LoggerFactory.getLogger(OidcLogins.class);
  // Anybody may start a sign-in, and each start stores a row: the cap keeps a flood from filling the table.
  private static final long MAX_PENDING = 10_000;

  private final Map<String, OidcProvider> providers = new HashMap<>();
  private final OidcLoginStore store;
  private final ExternalAccounts accounts;
  private final SessionService sessions;
  private final UserRepository users;
  private final OrgRepository orgs;
  private final AuditLog audit;
  private final IamProperties.Oidc settings;
  private final String publicUrl;
  private final Clock clock;

  public OidcLogins(List<OidcProvider> providers, OidcLoginStore store, ExternalAccounts accounts,
      SessionService sessions, UserRepository users, OrgRepository orgs, AuditLog audit, IamProperties properties,
      Environment environment, Clock clock) {
    providers.forEach(p -> this.providers.put(p.id(), p));
    this.store = store;
    this.accounts = accounts;
    this.sessions = sessions;
    this.users = users;
    this.orgs = orgs;
    this.audit = audit;
    this.settings = properties.oidc();
    this.publicUrl = environment.getProperty("jingzhi.public-url", "");
    this.clock = clock;
  }

  /** A started sign-in: where to send the browser and the cookie that ties the callback to this browser. */
  public record Started(URI location, String cookieName, String cookieValue, String cookiePath, boolean secure,
      Duration ttl) {}

  /** A finished callback: where to send the browser and the cookie to clear. */
  public record Finished(URI location, String cookieName, String cookiePath) {}

  /** The callback's query parameters. */
  public record Callback(String code, String state, String error, String errorDescription) {}

  /** Discovers every provider in the background once the platform is up, so the login page knows which work. */
  @EventListener(ApplicationReadyEvent.class)
  void discoverAll() {
    providers.values().forEach(p -> Thread.ofVirtual().name("oidc-discovery-" + p.id()).start(() -> {
      try {
        p.discover();
      } catch (ApiException e) {
        // logged by the provider; it stays unavailable and is retried on demand
      }
    }));
  }

  @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT5M")
  void purgeExpired() {
    store.purgeExpired(clock.instant());
  }

  public Started start(String providerId, String requestBaseUrl) {
    OidcProvider provider = providers.get(providerId);
    if (provider == null) {
      throw ApiException.notFound("sso_provider", providerId);
    }
    if (store.countLive(clock.instant()) >= MAX_PENDING) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "sso.busy",
          "Too many sign-ins are in progress; try again in a few minutes");
    }
    URI redirectUri = URI.create(baseUrl(requestBaseUrl) + "/api/v1/auth/oidc/" + providerId + "/callback");
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    String browserSecret = new State().getValue(); // 256 random bits, URL-safe
    URI location = provider.authorizationUri(redirectUri, state, nonce, verifier);
    String stateHash = ApiKeySecrets.hash(state.getValue());
    store.save(stateHash, new OidcLoginStore.Pending(providerId, nonce.getValue(), verifier.getValue(),
        ApiKeySecrets.hash(browserSecret), redirectUri.toString(), clock.instant().plus(settings.loginTimeout())));
    return new Started(location, cookieName(stateHash), browserSecret, redirectUri.getPath(),
        "https".equals(redirectUri.getScheme()), settings.loginTimeout());
  }

  public Finished finish(String providerId, Callback callback, Map<String, String> cookies, String ip,
      String userAgent) {
    String stateHash = callback.state() == null ? "" : ApiKeySecrets.hash(callback.state());
    String cookiePath = "/api/v1/auth/oidc/" + providerId + "/callback";
    String username = null;
    try {
      OidcProvider provider = providers.get(providerId);
      if (provider == null) {
        throw new OidcLoginFailure("unknown_provider", "no provider " + providerId);
      }
      OidcLoginStore.Pending pending = checkState(providerId, stateHash, cookies);
      if (callback.error() != null) {
        throw new OidcLoginFailure("provider_error", "provider answered " + callback.error()
            + (callback.errorDescription() == null ? "" : ": " + callback.errorDescription()));
      }
      if (callback.code() == null || callback.code().isBlank()) {
        throw new OidcLoginFailure("invalid_request", "callback without a code");
      }
      URI redirectUri = URI.create(pending.redirectUri());
      OIDCTokens tokens = provider.exchange(new AuthorizationCode(callback.code()), redirectUri,
          new CodeVerifier(pending.codeVerifier()));
      Map<String, Object> claims = new HashMap<>(provider.validate(tokens.getIDToken(),
          new Nonce(pending.nonce())));
      IamProperties.Oidc.Provider config = provider.config();
      String subject = (String) claims.get("sub");
      if (text(claims, config.usernameClaim()) == null || (present(config.orgClaim())
          && text(claims, config.orgClaim()) == null)) {
        provider.userInfo(tokens.getAccessToken(), subject).forEach(claims::putIfAbsent);
      }
      username = text(claims, config.usernameClaim());
      if (username == null) {
        throw new OidcLoginFailure("missing_username", "no claim " + config.usernameClaim() + " for " + subject);
      }
      User user = signIn(config, subject, username, claims);
      SessionService.Issued issued = sessions.issue(user, ip, userAgent);
      audit.recordIndependently(new AuditRecord(user.id(), user.username(), null, ip, "auth.login", "user",
          String.valueOf(user.id()), user.username(), null, null, true, "source oidc, provider " + providerId));
      return new Finished(URI.create("/sso-callback#token=" + issued.token()), cookieName(stateHash), cookiePath);
    } catch (OidcLoginFailure e) {
      return failed(providerId, username, ip, e.code(), e.getMessage(), stateHash, cookiePath);
    } catch (ApiException e) {
      String code = switch (e.code()) {
        case "sso.provider_unavailable" -> "provider_unavailable";
        case "sso.account_conflict" -> "account_conflict";
        case "sso.invalid_username" -> "missing_username";
        default -> "server_error";
      };
      return failed(providerId, username, ip, code, e.getMessage(), stateHash, cookiePath);
    } catch (RuntimeException e) {
      String errorId = UUID.randomUUID().toString();
      log.error("OpenID sign-in with {} failed, error id {}", providerId, errorId, e);
      return failed(providerId, username, ip, "server_error", "unexpected failure, error id " + errorId, stateHash,
          cookiePath);
    }
  }

  /** The pending sign-in of this state, checked against the browser's cookie and then used up. */
  private OidcLoginStore.Pending checkState(String providerId, String stateHash, Map<String, String> cookies) {
    OidcLoginStore.Pending pending = store.find(stateHash).filter(p -> p.providerId().equals(providerId))
        .orElseThrow(() -> new OidcLoginFailure("invalid_state", "unknown, used or foreign state"));
    String cookie = cookies.get(cookieName(stateHash));
    // The cookie stops login CSRF: a callback URL made in another browser does not sign this one in.
    if (cookie == null || !MessageDigest.isEqual(ApiKeySecrets.hash(cookie).getBytes(StandardCharsets.UTF_8),
        pending.browserHash().getBytes(StandardCharsets.UTF_8))) {
      throw new OidcLoginFailure("invalid_state", "the callback came without this browser's sign-in cookie");
    }
    if (!store.consume(stateHash)) {
      throw new OidcLoginFailure("invalid_state", "state already used");
    }
    if (pending.expiresAt().isBefore(clock.instant())) {
      throw new OidcLoginFailure("expired_state", "the sign-in took longer than " + settings.loginTimeout());
    }
    return pending;
  }

  private User signIn(IamProperties.Oidc.Provider config, String subject, String username,
      Map<String, Object> claims) {
    Org org = placeOrg(config, text(claims, config.orgClaim()));
    User user = accounts.syncUser(new ExternalAccounts.Identity(SOURCE, config.id() + ":" + subject, username,
        text(claims, config.displayNameClaim()), text(claims, config.phoneClaim()), text(claims, config.emailClaim())),
        org.id(), config.defaultRoles()).user();
    Instant now = clock.instant();
    if (!user.enabled() || user.expiredAt(now) || user.lockedAt(now) || orgs.disabledOnPath(user.orgId())) {
      throw new OidcLoginFailure("account_disabled", "account " + user.username() + " is disabled, locked or expired");
    }
    users.recordLogin(user.id(), now);
    return user;
  }

  /** An org code the platform already has under the parent, or else an org of that name created there. */
  private Org placeOrg(IamProperties.Oidc.Provider config, String value) {
    Org parent = accounts.parentOrg(config.parentOrg());
    if (value == null) {
      return parent;
    }
    var known = orgs.findByCode(value).filter(o -> o.id() != parent.id() && o.isWithin(parent));
    if (known.isPresent()) {
      return known.get();
    }
    String key = config.id() + ":" + value;
    return accounts.placeOrgs(SOURCE, parent, List.of(new ExternalAccounts.OrgNode(
        ExternalAccounts.orgCode(SOURCE, key), value, key)), config.orgTenant()).org();
  }

  private Finished failed(String providerId, String username, String ip, String code, String reason,
      String stateHash, String cookiePath) {
    log.info("OpenID sign-in with {} failed: {} ({})", providerId, code, reason);
    audit.recordIndependently(new AuditRecord(null, cut(username), null, ip, "auth.login", "user", null, cut(username),
        null, null, false, cut("oidc provider " + providerId + ": " + code + ": " + reason)));
    return new Finished(URI.create("/login?sso_error=" + code), cookieName(stateHash), cookiePath);
  }

  private String baseUrl(String requestBaseUrl) {
    String base = present(settings.redirectBaseUrl()) ? settings.redirectBaseUrl()
        : present(publicUrl) ? publicUrl : requestBaseUrl;
    return base.strip().replaceAll("/+$", "");
  }

  /** Cookie names differ per sign-in, so two tabs signing in at once do not overwrite each other's cookie. */
  private static String cookieName(String stateHash) {
    return "jz_oidc_" + (stateHash.length() >= 16 ? stateHash.substring(0, 16) : "none");
  }

  private static String text(Map<String, Object> claims, String name) {
    if (!present(name)) {
      return null;
    }
    Object value = claims.get(name);
    if (value instanceof List<?> list) {
      value = list.isEmpty() ? null : list.getFirst();
    }
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).strip();
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }

  private static String cut(String s) {
    return s == null || s.length() <= 200 ? s : s.substring(0, 200);
  }
}
