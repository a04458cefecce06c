package io.jingzhi.iam.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.iam.IamProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class PasswordPolicyTest {

  // Cheap parameters: the policy only needs matches(), not production cost.
  private final PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 1 << 10, 1);
  private final PasswordPolicy policy = new PasswordPolicy(new IamProperties.Password(10, 3, 3, Duration.ofDays(90)),
      encoder);

  private List<String> broken(String username, String password, List<String> history) {
    var ex = catchThrowableOfType(ApiException.class, () -> policy.check("password", username, password, history));
    assertThat(ex).as("refused").isNotNull();
    assertThat(ex.code()).isEqualTo("password.policy");
    assertThat(ex.fieldErrors()).extracting(FieldError::field).containsOnly("password");
    return ex.fieldErrors().stream().map(FieldError::message).toList();
  }

  @Test
  void aLongMixedPasswordPasses() {
    assertThatCode(() -> policy.check("password", "zhangsan", "Spring#2026-ok", List.of())).doesNotThrowAnyException();
    assertThatCode(() -> policy.check("password", "zhangsan", "长城万里Ab1长城万里", List.of()))
        .as("letters of any script count").doesNotThrowAnyException();
  }

  @Test
  void everyBrokenRuleIsListed() {
    assertThat(broken("zhangsan", "zhangsan1", List.of())).hasSize(3)
        .anySatisfy(m -> assertThat(m).contains("at least 10"))
        .anySatisfy(m -> assertThat(m).contains("mix at least 3"))
        .anySatisfy(m -> assertThat(m).contains("username"));
    assertThat(broken("zhangsan", null, List.of())).singleElement().asString().contains("at least 10");
    assertThat(broken("zhangsan", "Aa1#".repeat(33), List.of())).singleElement().asString().contains("at most 128");
  }

  @Test
  void theUsernameIsFoundIgnoringCaseButShortNamesAreIgnored() {
    assertThat(broken("Wang", "xxWANGxx#2026", List.of())).singleElement().asString().contains("username");
    assertThatCode(() -> policy.check("password", "li", "Aa-li-2026-x", List.of())).doesNotThrowAnyException();
  }

  @Test
  void recentPasswordsWithinTheConfiguredHistoryAreRefused() {
    List<String> history = List.of(encoder.encode("Newest#Pass1"), encoder.encode("Middle#Pass1"),
        encoder.encode("Oldest#Pass1"), encoder.encode("Ancient#Pass1"));
    assertThat(broken("u1", "Middle#Pass1", history)).singleElement().asString().contains("last 3 passwords");
    assertThat(broken("u1", "Oldest#Pass1", history)).singleElement().asString().contains("last 3 passwords");
    assertThatCode(() -> policy.check("password", "u1", "Ancient#Pass1", history))
        .as("beyond the history depth").doesNotThrowAnyException();
  }

  @Test
  void passwordsExpireAfterTheMaximumAge() {
    Instant changed = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(policy.expiresAt(changed)).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(policy.expired(changed, Instant.parse("2026-03-31T23:59:59Z"))).isFalse();
    assertThat(policy.expired(changed, Instant.parse("2026-04-01T00:00:01Z"))).isTrue();
    assertThat(policy.expired(null, Instant.parse("2030-01-01T00:00:00Z"))).isFalse();
  }
}
