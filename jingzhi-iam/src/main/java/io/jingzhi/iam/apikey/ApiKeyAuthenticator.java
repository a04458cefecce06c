package io.jingzhi.iam.apikey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.IamEvents;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.org.Org;
import io.jingzhi.iam.org.OrgRepository;
import io.jingzhi.iam.project.App;
import io.jingzhi.iam.project.Project;
import io.jingzhi.iam.project.ProjectRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Turns a presented API key into a caller. Resolved keys are cached so the request path does not touch the
 * database; a revocation on this node evicts at once, other replicas follow within the cache lifetime.
 * Last-used times are collected in memory and written in batches.
 */
@Component
public class ApiKeyAuthenticator {

  /** What a key may do on the platform, whatever its creator may. */
  public static final Set<String> KEY_PERMISSIONS = Set.of(Permissions.MODEL_INVOKE,
      Permissions.KB_READ, Permissions.AGENT_INVOKE, Permissions.GUARD_CHECK);

  static final Duration CACHE_TTL = Duration.ofSeconds(30);
  static final Duration UNKNOWN_TTL = Duration.ofSeconds(2);

  private final ApiKeyRepository keys;
  private final ProjectRepository projects;
  private final OrgRepository orgs;
  private final Clock clock;
  private final Cache<String, Optional<Resolved>> cache;
  private final Map<Long, Instant> lastUsed = new ConcurrentHashMap<>();
  private final Cache<Long, Resolved> byId = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).maximumSize(200_000)
      .build();

  public ApiKeyAuthenticator(ApiKeyRepository keys, ProjectRepository projects, OrgRepository orgs, Clock clock) {
    this.keys = keys;
    this.projects = projects;
    this.orgs = orgs;
    this.clock = clock;
    // Unknown keys are remembered only briefly: a key created a moment later (on any replica) must work at once,
    // while a flood of wrong keys still does not reach the database on every request.
    this.cache = Caffeine.newBuilder().maximumSize(200_000)
        .expireAfter(Expiry.<String, Optional<Resolved>>writing((hash, found) ->
            found.isPresent() ? CACHE_TTL : UNKNOWN_TTL))
        .build();
  }

  /** A key with the app, project and org it acts for. */
  public record Resolved(ApiKey key, App app, Project project, Org org) {}

  /** Why a key was refused, for the error message. */
  public enum Refusal { UNKNOWN, REVOKED, EXPIRED }

  /** Either a caller or a refusal. */
  public record Outcome(Caller caller, Refusal refusal, Resolved resolved) {}

  public Outcome authenticate(String secret, String sourceIp) {
    String hash = ApiKeySecrets.hash(secret);
    Optional<Resolved> resolved = cache.get(hash, this::load);
    if (resolved.isEmpty()) {
      return new Outcome(null, Refusal.UNKNOWN, null);
    }
    Resolved r = resolved.get();
    Instant now = clock.instant();
    if (r.key().revokedAt() != null) {
      return new Outcome(null, Refusal.REVOKED, r);
    }
    if (r.key().expiresAt() != null && !r.key().expiresAt().isAfter(now)) {
      return new Outcome(null, Refusal.EXPIRED, r);
    }
    lastUsed.put(r.key().id(), now);
    if (byId.asMap().get(r.key().id()) != r) {
      // Written once per resolution, not per call: a Caffeine write (expiry, write buffer, maintenance) on every
      // request cost more than the read. The entry is renewed with the resolution every CACHE_TTL.
      byId.put(r.key().id(), r);
    }
    Caller caller = new Caller(r.key().createdBy() == null ? 0 : r.key().createdBy(),
        "app:" + r.app().code() + "/" + r.key().prefix(), r.app().name(), r.org().id(), r.org().tenantId(), Set.of(),
        KEY_PERMISSIONS, Caller.AuthType.API_KEY, r.key().id(), r.app().id(), null, sourceIp, false);
    return new Outcome(caller, null, r);
  }

  @EventListener
  void onRevoked(IamEvents.ApiKeyRevoked event) {
    cache.invalidate(event.keyHash());
    byId.invalidate(event.keyId());
  }

  /** Evicts again after the revocation is committed, so a request in between cannot re-cache the live key. */
  @org.springframework.transaction.event.TransactionalEventListener
  void afterRevokeCommitted(IamEvents.ApiKeyRevoked event) {
    onRevoked(event);
  }

  /** The key a caller authenticated with during the last moments (it is cached while in use). */
  public Optional<Resolved> recent(long keyId) {
    Resolved r = byId.getIfPresent(keyId);
    return r != null ? Optional.of(r) : keys.find(keyId).flatMap(k -> load(k.keyHash()));
  }

  @jakarta.annotation.PreDestroy
  @Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT30S")
  public void flushLastUsed() {
    if (lastUsed.isEmpty()) {
      return;
    }
    Map<Long, Instant> batch = new HashMap<>(lastUsed);
    batch.forEach((id, at) -> lastUsed.remove(id, at)); // keep uses that came in meanwhile
    keys.touch(batch);
  }

  private Optional<Resolved> load(String hash) {
    return keys.findByHash(hash).flatMap(key -> projects.app(key.appId()).flatMap(app ->
        projects.project(app.projectId()).flatMap(project ->
            orgs.find(project.orgId()).map(org -> new Resolved(key, app, project, org)))));
  }
}
