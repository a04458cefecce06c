package io.jingzhi.iam.api;

import io.jingzhi.iam.auth.SessionService;
import io.jingzhi.iam.user.User;
import io.jingzhi.iam.user.UserRepository;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The {@link Caller} of a user for work done later on the user's behalf (an ingestion job embeds as the user who
 * started it): the same permissions as a signed-in session of the user right now. Empty when the account is
 * disabled, expired or its org is disabled, so such work stops instead of running with withdrawn powers.
 */
@Component
public class UserCallers {

  private final SessionService sessions;
  private final UserRepository users;

  public UserCallers(SessionService sessions, UserRepository users) {
    this.sessions = sessions;
    this.users = users;
  }

  public Optional<Caller> of(long userId) {
    return sessions.callerOf(userId);
  }

  /** The id of a user by username (the bootstrap acts as {@code admin}). */
  public Optional<Long> idOf(String username) {
    return users.findByUsername(username).map(User::id);
  }

  /**
   * The id of {@code admin}, as whom bootstrap sections create what the file declares; the IAM part of the file
   * is applied first, so a missing admin is a broken start.
   */
  public long bootstrapAdmin() {
    return idOf("admin").orElseThrow(() -> new IllegalStateException("the user admin is missing"));
  }
}
