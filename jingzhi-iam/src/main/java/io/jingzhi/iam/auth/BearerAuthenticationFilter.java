package io.jingzhi.iam.auth;

import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.apikey.ApiKeyAuthenticator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <token>}: a portal session token ({@code jzs_…}) or an API key. A valid
 * one becomes the request's {@link Caller}; an invalid one leaves the request anonymous with the reason kept
 * for the 401 answer. A user who must change the password can do only that.
 */
public class BearerAuthenticationFilter extends OncePerRequestFilter {

  /** Request attribute naming why a presented credential was refused. */
  public static final String REFUSAL = BearerAuthenticationFilter.class.getName() + ".refusal";

  private static final Set<String> ALLOWED_WHILE_PASSWORD_CHANGE = Set.of("/api/v1/me", "/api/v1/me/password",
      "/api/v1/auth/logout");

  private final SessionService sessions;
  private final ApiKeyAuthenticator apiKeys;
  private final AuthErrorWriter errors;

  public BearerAuthenticationFilter(SessionService sessions, ApiKeyAuthenticator apiKeys, AuthErrorWriter errors) {
    this.sessions = sessions;
    this.apiKeys = apiKeys;
    this.errors = errors;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = bearer(request);
    if (token != null) {
      Caller caller = authenticate(token, request);
      if (caller != null) {
        if (caller.passwordChangeRequired() && !ALLOWED_WHILE_PASSWORD_CHANGE.contains(request.getRequestURI())) {
          errors.write(request, response, 403, "password_change_required",
              "Your password has expired or was reset: change it first (POST /api/v1/me/password)");
          return;
        }
        var auth = new UsernamePasswordAuthenticationToken(caller, null,
            caller.permissions().stream().map(SimpleGrantedAuthority::new).toList());
        SecurityContextHolder.getContext().setAuthentication(auth);
      }
    }
    chain.doFilter(request, response);
  }

  private Caller authenticate(String token, HttpServletRequest request) {
    String ip = request.getRemoteAddr();
    if (token.startsWith(SessionService.TOKEN_PREFIX)) {
      SessionService.Outcome outcome = sessions.authenticate(token, ip);
      if (outcome.caller() == null) {
        request.setAttribute(REFUSAL, switch (outcome.refusal()) {
          case EXPIRED -> "The session has expired; sign in again";
          case IDLE -> "The session ended after a period of inactivity; sign in again";
          case REVOKED -> "The session was ended; sign in again";
          case ACCOUNT_UNAVAILABLE -> "The account is disabled, expired or its organization is disabled";
          case UNKNOWN -> "The session token is not valid";
        });
      }
      return outcome.caller();
    }
    ApiKeyAuthenticator.Outcome outcome = apiKeys.authenticate(token, ip);
    if (outcome.caller() == null) {
      request.setAttribute(REFUSAL, switch (outcome.refusal()) {
        case REVOKED -> "The API key has been revoked";
        case EXPIRED -> "The API key has expired";
        case UNKNOWN -> "The API key is not valid";
      });
    }
    return outcome.caller();
  }

  private static String bearer(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).strip();
    return token.isEmpty() || token.length() > 512 ? null : token;
  }
}
