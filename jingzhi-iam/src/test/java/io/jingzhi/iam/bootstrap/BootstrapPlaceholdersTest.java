package io.jingzhi.iam.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code ${ENV_VAR}} references: defaults, escapes, empty values and the administrator password fallback. */
class BootstrapPlaceholdersTest {

  private final Map<String, String> env = Map.of("HOST", "db.internal", "USER_NAME", "jz", "EMPTY", "");
  private final Placeholders placeholders = new Placeholders(name -> Optional.ofNullable(env.get(name)),
      () -> "Generated#Admin-1");

  @Test
  void replacesEveryReferenceAndKeepsTheRest() {
    assertThat(placeholders.resolve("postgres://${USER_NAME}@${HOST}:5432/${DB:jingzhi}"))
        .isEqualTo("postgres://jz@db.internal:5432/jingzhi");
    assertThat(placeholders.resolve("no references, just $ and {}")).isEqualTo("no references, just $ and {}");
  }

  @Test
  void emptyVariablesCountAsUnsetAndDefaultsMayBeEmptyOrHoldColons() {
    assertThat(placeholders.resolve("${EMPTY:fallback}")).isEqualTo("fallback");
    assertThat(placeholders.resolve("[${MISSING:}]")).isEqualTo("[]");
    assertThat(placeholders.resolve("${MISSING:http://a:1}")).isEqualTo("http://a:1");
  }

  @Test
  void doubleDollarIsALiteralReference() {
    assertThat(placeholders.resolve("Pa$${HOST}ss")).isEqualTo("Pa${HOST}ss");
  }

  @Test
  void adminPasswordFallsBackToThePasswordOfThisStart() {
    assertThat(placeholders.resolve("${JINGZHI_ADMIN_PASSWORD}")).isEqualTo("Generated#Admin-1");
    var configured = new Placeholders(name -> Optional.of("From-Env#1"), () -> "Generated#Admin-1");
    assertThat(configured.resolve("${JINGZHI_ADMIN_PASSWORD}")).isEqualTo("From-Env#1");
    var unknown = new Placeholders(name -> Optional.empty(), () -> null);
    assertThatThrownBy(() -> unknown.resolve("${JINGZHI_ADMIN_PASSWORD}"))
        .hasMessageContaining("JINGZHI_ADMIN_PASSWORD is not set");
  }

  @Test
  void unsetAndMalformedReferencesAreNamed() {
    assertThatThrownBy(() -> placeholders.resolve("${NOT_SET}"))
        .isInstanceOf(Placeholders.Unresolvable.class)
        .hasMessage("environment variable NOT_SET is not set (write ${NOT_SET:default} to give a default)");
    assertThatThrownBy(() -> placeholders.resolve("${not-a-name}")).hasMessageContaining("malformed reference");
    assertThatThrownBy(() -> placeholders.resolve("abc ${HOST")).hasMessageContaining("unterminated reference");
    assertThatThrownBy(() -> Placeholders.checkSyntax("${1X}")).hasMessageContaining("malformed reference");
    Placeholders.checkSyntax("${NOT_SET} is fine until resolved");
  }
}
