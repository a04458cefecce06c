package io.jingzhi.iam.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jingzhi.iam.IamProperties;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.IamEvents;
import io.jingzhi.iam.apikey.ApiKeySecrets;
import io.jingzhi.iam.org.Org;
import io.jingzhi.iam.org.OrgRepository;
import io.jingzhi.iam.role.RoleRepository;
import io.jingzhi.iam.user.PasswordPolicy;
import io.jingzhi.iam.user.User;
import io.jingzhi.iam.user.UserRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Portal sessions: opaque bearer tokens with an absolute lifetime and an idle timeout. Sessions and the
 * callers built from them are cached briefly; activity is tracked in memory and written in batches.
 */
@Service
public class SessionService {

  public static final String TOKEN_PREFIX = "jzs_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SessionRepository sessions;
  private final UserRepository users;
  private final RoleRepository roles;
  private final OrgRepository orgs;
  private final PasswordPolicy policy;
  private final IamProperties.Session settings;
  private final Clock clock;
  private final Cache<String, Optional<Session>> sessionCache =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(15)).maximumSize(100_000).build();
  private final Cache<Long, Optional<Caller>> callerCache =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(15)).maximumSize(100_000).build();
  private final Map<Long, Instant> lastSeen = new ConcurrentHashMap<>();

  public SessionService(SessionRepository sessions, UserRepository users, RoleRepository roles, OrgRepository orgs,
      PasswordPolicy policy, IamProperties properties, Clock clock) {
    this.sessions = sessions;
    this.users = users;
    this.roles = roles;
    this.orgs = orgs;
    this.policy = policy;
    this.settings = properties.session();
    this.clock = clock;
  }

  /** A new session's token, shown to the client once. */
  public record Issued(String token, long sessionId, Duration expiresIn) {}

  /** Why a token was refused. */
  public enum Refusal { UNKNOWN, REVOKED, EXPIRED, IDLE, ACCOUNT_UNAVAILABLE }

  /** Either a caller or a refusal. */
  public record Outcome(Caller caller, Refusal refusal) {}

  public Issued issue(User user, String ip, String userAgent) {
    return issue(user, ip, userAgent, settings.ttl());
  }

  /** A session with its own absolute lifetime (never longer than a portal session's). */
  public Issued issue(User user, String ip, String userAgent, Duration ttl) {
    Duration lifetime = ttl.compareTo(settings.ttl()) < 0 ? ttl : settings.ttl();
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    long id = sessions.insert(ApiKeySecrets.hash(token), user.id(), now, now.plus(lifetime), ip,
        userAgent == null ? null : userAgent.substring(0, Math.min(300, userAgent.length())));
    return new Issued(token, id, lifetime);
  }

  public Outcome authenticate(String token, String ip) {
    String hash = ApiKeySecrets.hash(token);
    Optional<Session> found = sessionCache.get(hash, sessions::findByHash);
    if (found.isEmpty()) {
      return new Outcome(null, Refusal.UNKNOWN);
    }
    Session s = found.get();
    Instant now = clock.instant();
    if (s.revokedAt() != null) {
      return new Outcome(null, Refusal.REVOKED);
    }
    if (!s.expiresAt().isAfter(now)) {
      return new Outcome(null, Refusal.EXPIRED);
    }
    Instant seen = lastSeen.getOrDefault(s.id(), s.lastSeenAt());
    if (seen.isBefore(s.lastSeenAt())) {
      seen = s.lastSeenAt();
    }
    if (seen.plus(settings.idleTimeout()).isBefore(now)) {
      revoke(s.id(), hash);
      return new Outcome(null, Refusal.IDLE);
    }
    Optional<Caller> caller = callerCache.get(s.userId(), this::buildCaller);
    if (caller.isEmpty()) {
      return new Outcome(null, Refusal.ACCOUNT_UNAVAILABLE);
    }
    lastSeen.put(s.id(), now);
    Caller c = caller.get();
    return new Outcome(new Caller(c.userId(), c.username(), c.displayName(), c.orgId(), c.tenantId(), c.roles(),
        c.permissions(), Caller.AuthType.USER, null, null, s.id(), ip, c.passwordChangeRequired()), null);
  }

  /** The caller a session of this user would have now; empty when the account cannot be used. */
  public Optional<Caller> callerOf(long userId) {
    return callerCache.get(userId, this::buildCaller);
  }

  public void logout(String token) {
    String hash = ApiKeySecrets.hash(token);
    sessions.findByHash(hash).ifPresent(s -> revoke(s.id(), hash));
  }

  @EventListener
  void onUserDisabled(IamEvents.UserDisabled event) {
    sessions.revokeAllOf(event.userId(), clock.instant()).forEach(lastSeen::remove);
    sessionCache.invalidateAll();
    callerCache.invalidate(event.userId());
  }

  @EventListener
  void onUserChanged(IamEvents.UserChanged event) {
    callerCache.invalidate(event.userId());
  }

  /**
   * Evicts again once the change is committed: a request served between the first eviction and the commit may
   * have cached the old state.
   */
  @TransactionalEventListener
  void afterUserCommitted(IamEvents.UserDisabled event) {
    sessionCache.invalidateAll();
    callerCache.invalidate(event.userId());
  }

  @TransactionalEventListener
  void afterUserChangeCommitted(IamEvents.UserChanged event) {
    callerCache.invalidate(event.userId());
  }

  @TransactionalEventListener
  void afterRoleChangeCommitted(IamEvents.RoleChanged event) {
    callerCache.invalidateAll();
  }

  @EventListener
  void onRoleChanged(IamEvents.RoleChanged event) {
    // Holders are few to find but callers are cached by user: rebuild them all rather than keep a withdrawn power.
    callerCache.invalidateAll();
  }

  @jakarta.annotation.PreDestroy
  @Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT30S")
  public void flushActivity() {
    if (lastSeen.isEmpty()) {
      return;
    }
    Map<Long, Instant> batch = new HashMap<>(lastSeen);
    sessions.touch(batch);
  }

  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
  public void purgeEnded() {
    Instant cutoff = clock.instant().minus(Duration.ofDays(7));
    sessions.deleteEndedBefore(cutoff);
    lastSeen.entrySet().removeIf(e -> e.getValue().isBefore(cutoff));
  }

  private void revoke(long id, String hash) {
    sessions.revoke(id, clock.instant());
    sessionCache.invalidate(hash);
    lastSeen.remove(id);
  }

  private Optional<Caller> buildCaller(long userId) {
    Instant now = clock.instant();
    return users.find(userId)
        .filter(u -> u.enabled() && !u.expiredAt(now) && !orgs.disabledOnPath(u.orgId()))
        .map(u -> {
          Org org = orgs.find(u.orgId()).orElseThrow();
          Set<String> userRoles = roles.rolesOf(u.id());
          boolean changeRequired = "local".equals(u.source())
              && (u.mustChangePassword() || policy.expired(u.passwordChangedAt(), now));
          return new Caller(u.id(), u.username(), u.displayName(), org.id(), org.tenantId(), userRoles,
              roles.permissionsOf(userRoles), Caller.AuthType.USER, null, null, null, null, changeRequired);
        });
  }
}
