package io.jingzhi.iam.sso.oidc;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The browser's way through single sign-on: {@code GET /api/v1/auth/oidc/{id}/authorize} sends it to the provider,
 * {@code GET /api/v1/auth/oidc/{id}/callback} brings it back to {@code /sso-callback#token=…} (a fragment, so the
 * token never reaches a server log) or to {@code /login?sso_error=…}.
 */
@RestController
@RequestMapping("/api/v1/auth/oidc")
public class OidcController {

  private final OidcLogins logins;

  public OidcController(OidcLogins logins) {
    this.logins = logins;
  }

  @GetMapping("/{id}/authorize")
  public ResponseEntity<Void> authorize(@PathVariable String id, HttpServletRequest request) {
    OidcLogins.Started started = logins.start(id, ServletUriComponentsBuilder.fromContextPath(request).toUriString());
    ResponseCookie cookie = ResponseCookie.from(started.cookieName(), started.cookieValue()).httpOnly(true)
        .secure(started.secure()).sameSite("Lax").path(started.cookiePath()).maxAge(started.ttl()).build();
    return redirect(started.location().toString(), cookie);
  }

  @GetMapping("/{id}/callback")
  public ResponseEntity<Void> callback(@PathVariable String id, @RequestParam(required = false) String code,
      @RequestParam(required = false) String state, @RequestParam(required = false) String error,
      @RequestParam(name = "error_description", required = false) String errorDescription,
      HttpServletRequest request) {
    Map<String, String> cookies = new HashMap<>();
    if (request.getCookies() != null) {
      for (Cookie c : request.getCookies()) {
        cookies.put(c.getName(), c.getValue());
      }
    }
    OidcLogins.Finished finished = logins.finish(id, new OidcLogins.Callback(code, state, error, errorDescription),
        cookies, request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
    ResponseCookie clear = ResponseCookie.from(finished.cookieName(), "").httpOnly(true).sameSite("Lax")
        .path(finished.cookiePath()).maxAge(Duration.ZERO).build();
    return redirect(finished.location().toString(), clear);
  }

  private static ResponseEntity<Void> redirect(String location, ResponseCookie cookie) {
    return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, location)
        .header(HttpHeaders.SET_COOKIE, cookie.toString()).cacheControl(CacheControl.noStore())
        .header("Referrer-Policy", "no-referrer").build();
  }
}
