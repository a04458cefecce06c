package io.jingzhi.iam.user;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.iam.IamProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** The password rules of 等保三级: length, character classes, no reuse of recent passwords, expiry. */
@Component
public class PasswordPolicy {

  /** The deepest history the policy can ask for. */
  public static final int MAX_HISTORY = 24;

  private final IamProperties.Password rules;
  private final PasswordEncoder encoder;

  @org.springframework.beans.factory.annotation.Autowired
  public PasswordPolicy(IamProperties properties, PasswordEncoder encoder) {
    this(properties.password(), encoder);
  }

  public PasswordPolicy(IamProperties.Password rules, PasswordEncoder encoder) {
    this.rules = rules;
    this.encoder = encoder;
  }

  /** Throws a 400 naming {@code field} with every rule the password breaks. */
  public void check(String field, String username, String password, List<String> recentHashes) {
    List<String> problems = new ArrayList<>();
    if (password == null || password.length() < rules.minLength()) {
      problems.add("must be at least " + rules.minLength() + " characters long");
    }
    if (password != null) {
      if (password.length() > 128) {
        problems.add("must be at most 128 characters long");
      }
      int classes = (password.chars().anyMatch(Character::isLowerCase) ? 1 : 0)
          + (password.chars().anyMatch(Character::isUpperCase) ? 1 : 0)
          + (password.chars().anyMatch(Character::isDigit) ? 1 : 0)
          + (password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0);
      if (classes < rules.requiredClasses()) {
        problems.add("must mix at least " + rules.requiredClasses()
            + " of: lower-case letters, upper-case letters, digits, symbols");
      }
      if (username != null && username.length() >= 3 && password.toLowerCase().contains(username.toLowerCase())) {
        problems.add("must not contain the username");
      }
      if (recentHashes.stream().limit(rules.history()).anyMatch(h -> h != null && encoder.matches(password, h))) {
        problems.add("must differ from the last " + rules.history() + " passwords");
      }
    }
    if (!problems.isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "password.policy",
          field + " " + String.join("; ", problems), problems.stream().map(p -> new FieldError(field, p)).toList());
    }
  }

  public boolean expired(Instant changedAt, Instant now) {
    return rules.maxAge() != null && !rules.maxAge().isZero() && changedAt != null
        && changedAt.plus(rules.maxAge()).isBefore(now);
  }

  public Instant expiresAt(Instant changedAt) {
    return rules.maxAge() == null || rules.maxAge().isZero() || changedAt == null ? null
        : changedAt.plus(rules.maxAge());
  }
}
