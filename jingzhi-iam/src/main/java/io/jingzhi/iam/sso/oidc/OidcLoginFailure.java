package io.jingzhi.iam.sso.oidc;

/**
 * A sign-in at an OpenID provider that cannot finish. It never reaches an API client as a problem: the browser is
 * sent to {@code /login?sso_error=<code>} and the reason goes to the audit trail and the log.
 */
final class OidcLoginFailure extends RuntimeException {

  private final String code;

  OidcLoginFailure(String code, String reason) {
    super(reason);
    this.code = code;
  }

  String code() {
    return code;
  }
}
