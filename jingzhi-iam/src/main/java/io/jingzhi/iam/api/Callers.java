package io.jingzhi.iam.api;

import io.jingzhi.common.error.ApiException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the request being served, as authenticated by the platform's bearer filter. */
public final class Callers {

  private Callers() {}

  public static Optional<Caller> find() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null && auth.getPrincipal() instanceof Caller caller ? Optional.of(caller) : Optional.empty();
  }

  public static Caller current() {
    return find().orElseThrow(() -> ApiException.unauthorized("unauthenticated", "Sign in or send an API key"));
  }
}
