package io.jingzhi.iam.auth;

/** A single sign-on provider the login page offers, such as the city's unified identity (京办) over OIDC. */
public interface SsoProvider {

  String id();

  String name();

  /** The platform path the browser opens to start signing in with this provider. */
  String authorizeUrl();

  /** False while the provider cannot be reached; the login page may grey it out. */
  default boolean available() {
    return true;
  }
}
