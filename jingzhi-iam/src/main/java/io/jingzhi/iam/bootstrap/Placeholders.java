package io.jingzhi.iam.bootstrap;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:default}} in values of the bootstrap file; {@code $${} stands for a
 * literal {@code ${}. An empty variable counts as unset. {@code ${JINGZHI_ADMIN_PASSWORD}} falls back to the
 * administrator password of this start (configured, or generated at first start).
 */
final class Placeholders {

  static final String ADMIN_PASSWORD = "JINGZHI_ADMIN_PASSWORD";
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final EnvLookup env;
  private final Supplier<String> adminPassword;

  Placeholders(EnvLookup env, Supplier<String> adminPassword) {
    this.env = env;
    this.adminPassword = adminPassword;
  }

  /** A reference that is malformed or cannot be resolved; the message says which and why. */
  static final class Unresolvable extends RuntimeException {
    Unresolvable(String message) {
      super(message);
    }
  }

  /** The text with every reference replaced. */
  String resolve(String text) {
    return scan(text, true);
  }

  /** Checks the syntax of every reference without resolving any. */
  static void checkSyntax(String text) {
    new Placeholders(name -> java.util.Optional.empty(), () -> null).scan(text, false);
  }

  private String scan(String text, boolean resolve) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw new Unresolvable("unterminated reference \"" + text.substring(i) + "\" (write $${ for a literal ${)");
        }
        out.append(reference(text.substring(i + 2, end), resolve));
        i = end + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return out.toString();
  }

  private String reference(String body, boolean resolve) {
    int colon = body.indexOf(':');
    String name = colon < 0 ? body : body.substring(0, colon);
    String fallback = colon < 0 ? null : body.substring(colon + 1);
    if (!NAME.matcher(name).matches()) {
      throw new Unresolvable("malformed reference \"${" + body + "}\": expected ${NAME} or ${NAME:default}");
    }
    if (!resolve) {
      return "";
    }
    String value = env.find(name).filter(v -> !v.isEmpty()).orElse(null);
    if (value == null && ADMIN_PASSWORD.equals(name)) {
      value = adminPassword.get();
    }
    if (value == null) {
      value = fallback;
    }
    if (value == null) {
      throw new Unresolvable("environment variable " + name + " is not set (write ${" + name
          + ":default} to give a default)");
    }
    return value;
  }
}
