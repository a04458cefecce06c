package io.jingzhi.iam.auth;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.IamProperties;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.org.OrgRepository;
import io.jingzhi.iam.user.PasswordPolicy;
import io.jingzhi.iam.user.User;
import io.jingzhi.iam.user.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Password sign-in for local and directory (LDAP) accounts, with lockout after repeated failures. Every
 * success and failure is audited; failures never tell whether the username exists.
 */
@Service
public class LoginService {

  static final String BAD_CREDENTIALS = "Invalid username or password";

  private final UserRepository users;
  private final OrgRepository orgs;
  private final PasswordEncoder encoder;
  private final PasswordPolicy policy;
  private final SessionService sessions;
  private final List<ExternalLogin> directories;
  private final IamProperties.Lockout lockout;
  private final AuditLog audit;
  private final Clock clock;
  // A real hash to compare against when the user does not exist, so timing does not reveal it.
  private final String dummyHash;

  public LoginService(UserRepository users, OrgRepository orgs, PasswordEncoder encoder, PasswordPolicy policy,
      SessionService sessions, List<ExternalLogin> directories, IamProperties properties, AuditLog audit,
      Clock clock) {
    this.users = users;
    this.orgs = orgs;
    this.encoder = encoder;
    this.policy = policy;
    this.sessions = sessions;
    this.directories = directories;
    this.lockout = properties.lockout();
    this.audit = audit;
    this.clock = clock;
    this.dummyHash = encoder.encode("not-a-password-" + System.nanoTime());
  }

  /** A successful sign-in. */
  public record LoginResult(String accessToken, String tokenType, long expiresIn, boolean mustChangePassword,
      boolean passwordExpired) {}

  public LoginResult login(String username, String password, String ip, String userAgent) {
    Instant now = clock.instant();
    Optional<User> local = users.findByUsername(username);
    if (local.isPresent() && local.get().lockedAt(now)) {
      fail(local.get(), username, ip, "account locked");
      throw new ApiException(HttpStatus.LOCKED, "account_locked",
          "The account is locked after repeated failed sign-ins; try again after " + local.get().lockedUntil()
              + " or ask an administrator to unlock it");
    }
    User user = local.filter(u -> "local".equals(u.source())).map(u -> checkLocal(u, password, ip))
        .orElseGet(() -> checkDirectory(local.orElse(null), username, password, ip));
    if (!user.enabled() || user.expiredAt(now) || orgs.disabledOnPath(user.orgId())) {
      fail(null, username, ip, "account disabled or expired");
      throw ApiException.forbidden("account_disabled",
          "The account is disabled or has expired, or its organization is disabled");
    }
    users.recordLogin(user.id(), now);
    SessionService.Issued issued = sessions.issue(user, ip, userAgent);
    audit.recordIndependently(new AuditRecord(user.id(), user.username(), null, ip, "auth.login", "user",
        String.valueOf(user.id()), user.username(), null, null, true, "source " + user.source()));
    boolean expired = "local".equals(user.source()) && policy.expired(user.passwordChangedAt(), now);
    return new LoginResult(issued.token(), "Bearer", issued.expiresIn().toSeconds(), user.mustChangePassword(),
        expired);
  }

  public void logout(String token, io.jingzhi.iam.api.Caller caller) {
    sessions.logout(token);
    audit.recordIndependently(AuditRecord.success(caller, "auth.logout", "user", caller.userId(), caller.username(),
        null, null));
  }

  private User checkLocal(User user, String password, String ip) {
    if (user.passwordHash() != null && encoder.matches(password, user.passwordHash())) {
      return user;
    }
    fail(user, user.username(), ip, "wrong password");
    throw badCredentials();
  }

  private User checkDirectory(User existing, String username, String password, String ip) {
    for (ExternalLogin directory : directories) {
      if (existing != null && !directory.source().equals(existing.source())) {
        continue;
      }
      Optional<User> user = directory.authenticate(username, password);
      if (user.isPresent()) {
        return user.get();
      }
    }
    if (existing == null) {
      encoder.matches(password, dummyHash);
    }
    fail(existing, username, ip, existing == null ? "unknown user" : "wrong password");
    throw badCredentials();
  }

  private void fail(User user, String username, String ip, String reason) {
    Instant now = clock.instant();
    if (user != null && !"account locked".equals(reason)) {
      // After a lock has run out, counting starts again instead of locking at the next mistake.
      boolean lockOver = user.lockedUntil() != null && !user.lockedAt(now);
      int attempts = (lockOver ? 0 : user.failedAttempts()) + 1;
      Instant lockedUntil = attempts >= lockout.maxFailures() ? now.plus(lockout.duration()) : null;
      users.recordFailure(user.id(), attempts, lockedUntil);
      if (lockedUntil != null) {
        reason += "; account locked until " + lockedUntil;
      }
    }
    audit.recordIndependently(new AuditRecord(user == null ? null : user.id(), cut(username), null, ip, "auth.login",
        "user", user == null ? null : String.valueOf(user.id()), cut(username), null, null, false, reason));
  }

  private static ApiException badCredentials() {
    return ApiException.unauthorized("bad_credentials", BAD_CREDENTIALS);
  }

  private static String cut(String s) {
    return s == null ? null : s.substring(0, Math.min(100, s.length()));
  }
}
