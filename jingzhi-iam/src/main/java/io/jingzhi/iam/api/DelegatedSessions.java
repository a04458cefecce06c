package io.jingzhi.iam.api;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.auth.SessionService;
import io.jingzhi.iam.user.UserRepository;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Short-lived session tokens issued for a user so that platform work done on the user's behalf (a benchmark
 * run calling models) goes through the same front door, permissions, limits and metering as the user's own
 * calls. The token is an ordinary session: disabling the user or changing the user's roles takes effect on it
 * at once. Callers revoke it when the work ends.
 */
@Component
public class DelegatedSessions {

  private final SessionService sessions;
  private final UserRepository users;

  public DelegatedSessions(SessionService sessions, UserRepository users) {
    this.sessions = sessions;
    this.users = users;
  }

  /** A token shown to no one but the code that asked for it. */
  public record Delegated(String token, long sessionId) {}

  /**
   * Issues a session for the user, marked with {@code purpose} as its user agent.
   *
   * @param ttl absolute lifetime; never longer than a portal session's
   */
  public Delegated issue(long userId, Duration ttl, String purpose) {
    var user = users.find(userId).orElseThrow(() -> ApiException.notFound("user", userId));
    SessionService.Issued issued = sessions.issue(user, "127.0.0.1", "jingzhi/" + purpose, ttl);
    return new Delegated(issued.token(), issued.sessionId());
  }

  /** Ends the session at once; calling it twice is harmless. */
  public void revoke(Delegated delegated) {
    sessions.logout(delegated.token());
  }
}
