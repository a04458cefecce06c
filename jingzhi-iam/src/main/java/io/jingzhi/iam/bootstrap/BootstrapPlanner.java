package io.jingzhi.iam.bootstrap;

import static io.jingzhi.iam.bootstrap.FieldReader.join;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.iam.api.BuiltinRole;
import io.jingzhi.iam.apikey.ApiKey;
import io.jingzhi.iam.apikey.ApiKeySecrets;
import io.jingzhi.iam.auth.SessionService;
import io.jingzhi.iam.bootstrap.BootstrapFile.AppEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.KeyEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.OrgEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.UserEntry;
import io.jingzhi.iam.bootstrap.BootstrapPlan.KeyAction;
import io.jingzhi.iam.project.App;
import io.jingzhi.iam.project.Project;
import io.jingzhi.iam.user.PasswordPolicy;
import io.jingzhi.iam.user.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a parsed file against the stored state before anything is written: references to orgs, projects and
 * roles, the separation of the administrators, passwords of new accounts against the policy, and what to do with
 * every API key. Secrets are resolved only where they are needed.
 */
final class BootstrapPlanner {

  private final Stored stored;
  private final Placeholders placeholders;
  private final PasswordPolicy policy;
  private final Instant now;

  BootstrapPlanner(Stored stored, Placeholders placeholders, PasswordPolicy policy, Instant now) {
    this.stored = stored;
    this.placeholders = placeholders;
    this.policy = policy;
    this.now = now;
  }

  BootstrapPlan plan(BootstrapFile file, Problems problems) {
    Set<String> fileOrgs = file.allOrganizations().stream().map(OrgEntry::code).collect(Collectors.toSet());
    Map<String, String> passwords = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    Set<String> roleCodes = stored.roleCodes();
    for (UserEntry user : file.users()) {
      checkOrg(fileOrgs, user.org(), join(user.path(), "org"), problems);
      checkUser(user, roleCodes, problems).ifPresent(p -> passwords.put(user.path(), p));
    }
    Map<String, String> fileProjects = new HashMap<>();
    for (var project : file.projects()) {
      fileProjects.put(project.code(), project.org());
      checkOrg(fileOrgs, project.org(), join(project.path(), "org"), problems);
      Optional<Project> storedProject = project.code() == null ? Optional.empty() : stored.project(project.code());
      storedProject.ifPresent(p -> {
        Optional<Long> wanted = project.org() == null ? Optional.empty() : stored.orgId(project.org());
        if (wanted.isPresent() && wanted.get() != p.orgId()) {
          warnings.add(join(project.path(), "org") + ": project " + p.code() + " is stored under another"
              + " organization (" + p.orgName() + "); bootstrap does not move projects");
        }
      });
    }
    Map<String, KeyAction> keys = new LinkedHashMap<>();
    Map<String, String> hashes = new HashMap<>();
    for (AppEntry app : file.apps()) {
      if (app.project() != null && !fileProjects.containsKey(app.project())
          && stored.project(app.project()).isEmpty()) {
        problems.add(join(app.path(), "project"), "unknown project code \"" + app.project() + "\"");
      }
      Optional<App> storedApp = app.code() == null ? Optional.empty() : stored.app(app.code());
      storedApp.ifPresent(a -> {
        Optional<Long> wanted = app.project() == null ? Optional.empty()
            : stored.project(app.project()).map(Project::id);
        if (wanted.isPresent() && wanted.get() != a.projectId()) {
          warnings.add(join(app.path(), "project") + ": app " + a.code() + " is stored under another project;"
              + " bootstrap does not move apps");
        }
      });
      for (KeyEntry key : app.apiKeys()) {
        keys.put(key.path(), keyAction(app, key, storedApp, hashes, problems, warnings));
        if (key.createdBy() != null && file.users().stream().noneMatch(u -> key.createdBy().equals(u.username()))
            && stored.user(key.createdBy()).isEmpty()) {
          problems.add(join(key.path(), "created_by"), "unknown user \"" + key.createdBy() + "\"");
        }
      }
    }
    return new BootstrapPlan(passwords, keys, warnings);
  }

  private void checkOrg(Set<String> fileOrgs, String code, String path, Problems problems) {
    if (code != null && !fileOrgs.contains(code) && !BootstrapParser.ROOT_CODE.equals(code)
        && stored.orgId(code).isEmpty()) {
      problems.add(path, "unknown organization code \"" + code + "\"");
    }
  }

  /** Checks roles and, for a new account, the password; returns the resolved password of a new account. */
  private Optional<String> checkUser(UserEntry user, Set<String> roleCodes, Problems problems) {
    if (user.roles() != null) {
      for (int i = 0; i < user.roles().size(); i++) {
        if (!roleCodes.contains(user.roles().get(i))) {
          problems.add(user.path() + ".roles[" + i + "]", "unknown role \"" + user.roles().get(i) + "\"");
        }
      }
      if (user.roles().stream().filter(BuiltinRole::isSeparatedAdmin).count() > 1) {
        problems.add(join(user.path(), "roles"), "the system, security and audit administrator roles cannot be"
            + " held by the same person");
      }
    }
    if (user.username() == null) {
      return Optional.empty();
    }
    Optional<User> existing = stored.user(user.username());
    if (existing.isPresent()) {
      if (user.roles() != null) {
        stored.rolesOf(existing.get().id()).stream()
            .filter(r -> BuiltinRole.isSeparatedAdmin(r) && !user.roles().contains(r))
            .forEach(r -> problems.add(join(user.path(), "roles"), "would withdraw the administrator role " + r
                + " from an existing account; the security administrator does that in the portal"));
      }
      return Optional.empty();
    }
    String path = join(user.path(), "password");
    if (user.password() == null) {
      problems.add(path, "is required to create the account");
      return Optional.empty();
    }
    Optional<String> password = resolve(user.password(), problems);
    password.ifPresent(p -> {
      try {
        policy.check("password", user.username(), p, List.of());
      } catch (ApiException e) {
        e.fieldErrors().stream().map(FieldError::message).forEach(m -> problems.add(path, m));
      }
    });
    return password;
  }

  private KeyAction keyAction(AppEntry app, KeyEntry key, Optional<App> storedApp, Map<String, String> hashes,
      Problems problems, List<String> warnings) {
    List<ApiKey> named = storedApp.isEmpty() || key.name() == null ? List.of()
        : stored.keys(storedApp.get().id(), key.name());
    Optional<ApiKey> active = named.stream().filter(k -> k.revokedAt() == null).findFirst();
    String label = "API key \"" + key.name() + "\" of app " + app.code();
    if (key.key() == null) {
      if (active.isPresent()) {
        return new BootstrapPlan.Keep(active.get());
      }
      if (!named.isEmpty()) {
        warnings.add(key.path() + ": " + label + " was revoked; it is not generated again (rename it for a new one)");
        return new BootstrapPlan.Skip();
      }
      checkNewExpiry(key, problems);
      return new BootstrapPlan.Create(ApiKeySecrets.generate(), true);
    }
    Optional<String> value = active.isPresent() ? tryResolve(key.key()) : resolve(key.key(), problems);
    if (value.isEmpty()) {
      if (active.isPresent()) {
        warnings.add(key.key().path() + ": cannot be resolved; the stored " + label + " is kept");
        return new BootstrapPlan.Keep(active.get());
      }
      return new BootstrapPlan.Skip();
    }
    String secret = value.get();
    String hash = ApiKeySecrets.hash(secret);
    String other = hashes.putIfAbsent(hash, key.key().path());
    if (other != null) {
      problems.add(key.key().path(), "the same key value is already given at " + other);
    }
    if (active.isPresent() && active.get().keyHash().equals(hash)) {
      return new BootstrapPlan.Keep(active.get());
    }
    if (!checkValue(key.key().path(), secret, problems)) {
      return new BootstrapPlan.Skip();
    }
    Optional<ApiKey> holder = stored.keyByHash(hash);
    if (holder.isPresent()) {
      if (named.stream().anyMatch(k -> k.id() == holder.get().id()) && holder.get().revokedAt() != null
          && active.isEmpty()) {
        warnings.add(key.key().path() + ": this value of " + label + " was revoked; it is not restored (give a"
            + " new value)");
        return new BootstrapPlan.Skip();
      }
      problems.add(key.key().path(), "this key value is already used by another API key");
      return new BootstrapPlan.Skip();
    }
    checkNewExpiry(key, problems);
    return active.<KeyAction>map(old -> new BootstrapPlan.Replace(old, secret))
        .orElseGet(() -> new BootstrapPlan.Create(secret, false));
  }

  private void checkNewExpiry(KeyEntry key, Problems problems) {
    if (key.expiresAt() != null && !key.expiresAt().isAfter(now)) {
      problems.add(join(key.path(), "expires_at"), "must be in the future for a new key");
    }
  }

  private static boolean checkValue(String path, String secret, Problems problems) {
    if (secret.length() < 24 || secret.length() > 256 || secret.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      problems.add(path, "must be 24-256 characters without spaces (for example sk-jz- and 32 random characters)");
      return false;
    }
    if (secret.startsWith(SessionService.TOKEN_PREFIX)) {
      problems.add(path, "must not start with " + SessionService.TOKEN_PREFIX + ", the prefix of session tokens");
      return false;
    }
    return true;
  }

  private Optional<String> resolve(BootstrapFile.Secret secret, Problems problems) {
    try {
      return Optional.of(placeholders.resolve(secret.raw()));
    } catch (Placeholders.Unresolvable e) {
      problems.add(secret.path(), e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<String> tryResolve(BootstrapFile.Secret secret) {
    try {
      return Optional.of(placeholders.resolve(secret.raw()));
    } catch (Placeholders.Unresolvable e) {
      return Optional.empty();
    }
  }
}
