package io.jingzhi.iam.bootstrap;

import io.jingzhi.iam.api.BuiltinRole;
import io.jingzhi.iam.apikey.ApiKey;
import io.jingzhi.iam.apikey.ApiKeySecrets;
import io.jingzhi.iam.project.App;
import io.jingzhi.iam.project.Project;
import io.jingzhi.iam.user.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** An in-memory stored state for planner tests: built-in roles, the root org, and what a test adds. */
final class FakeStored implements Stored {

  private final Map<String, Long> orgs = new HashMap<>(Map.of("root", 1L));
  private final Map<String, User> users = new HashMap<>();
  private final Map<Long, Set<String>> roles = new HashMap<>();
  private final Map<String, Project> projects = new HashMap<>();
  private final Map<String, App> apps = new HashMap<>();
  private final List<ApiKey> keys = new ArrayList<>();
  private long nextId = 100;

  FakeStored org(String code) {
    orgs.put(code, nextId++);
    return this;
  }

  FakeStored account(String username, String... roleCodes) {
    long id = nextId++;
    users.put(username.toLowerCase(), new User(id, username, username, null, null, 1, "hash", null, false, true,
        null, 0, null, "local", null, null, Instant.EPOCH, Instant.EPOCH));
    roles.put(id, Set.of(roleCodes));
    return this;
  }

  FakeStored project(String code, String org) {
    projects.put(code, new Project(nextId++, code, code, null, orgs.get(org), org, Instant.EPOCH, Instant.EPOCH));
    return this;
  }

  FakeStored app(String code, String project) {
    apps.put(code, new App(nextId++, code, code, null, projects.get(project).id(), Instant.EPOCH, Instant.EPOCH));
    return this;
  }

  FakeStored key(String app, String name, String secret, boolean revoked) {
    keys.add(new ApiKey(nextId++, apps.get(app).id(), name, ApiKeySecrets.visiblePrefix(secret),
        ApiKeySecrets.hash(secret), List.of(), ApiKey.Limits.NONE, null, revoked ? Instant.EPOCH : null, null, null,
        Instant.EPOCH));
    return this;
  }

  @Override
  public Optional<Long> orgId(String code) {
    return Optional.ofNullable(orgs.get(code));
  }

  @Override
  public Optional<User> user(String username) {
    return Optional.ofNullable(users.get(username.toLowerCase()));
  }

  @Override
  public Set<String> rolesOf(long userId) {
    return roles.getOrDefault(userId, Set.of());
  }

  @Override
  public Set<String> roleCodes() {
    return Arrays.stream(BuiltinRole.values()).map(BuiltinRole::code).collect(Collectors.toSet());
  }

  @Override
  public Optional<Project> project(String code) {
    return Optional.ofNullable(projects.get(code));
  }

  @Override
  public Optional<App> app(String code) {
    return Optional.ofNullable(apps.get(code));
  }

  @Override
  public List<ApiKey> keys(long appId, String name) {
    return keys.stream().filter(k -> k.appId() == appId && k.name().equals(name))
        .sorted(Comparator.comparingLong(ApiKey::id).reversed()).toList();
  }

  @Override
  public Optional<ApiKey> keyByHash(String hash) {
    return keys.stream().filter(k -> k.keyHash().equals(hash)).findFirst();
  }
}
