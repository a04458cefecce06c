package io.jingzhi.iam.bootstrap;

import io.jingzhi.iam.api.IamEvents;
import io.jingzhi.iam.apikey.ApiKey;
import io.jingzhi.iam.apikey.ApiKeyRepository;
import io.jingzhi.iam.apikey.ApiKeyService;
import io.jingzhi.iam.bootstrap.BootstrapFile.AppEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.KeyEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.OrgEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.ProjectEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.UserEntry;
import io.jingzhi.iam.org.Org;
import io.jingzhi.iam.org.OrgRepository;
import io.jingzhi.iam.org.OrgService;
import io.jingzhi.iam.project.App;
import io.jingzhi.iam.project.Project;
import io.jingzhi.iam.project.ProjectRepository;
import io.jingzhi.iam.role.RoleRepository;
import io.jingzhi.iam.user.User;
import io.jingzhi.iam.user.UserRepository;
import io.jingzhi.iam.user.UserService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Writes the IAM part of a checked file: creates what is missing, refreshes what differs and reports each real
 * change. Runs inside the bootstrap transaction, after {@link BootstrapPlanner} found no problem.
 */
@Component
class BootstrapApplier {

  /** A key generated in this start, to print once after the commit. */
  record GeneratedKey(String app, String name, String secret) {}

  private final OrgService orgService;
  private final OrgRepository orgs;
  private final UserService userService;
  private final UserRepository users;
  private final RoleRepository roles;
  private final ProjectRepository projects;
  private final ApiKeyService keyService;
  private final ApiKeyRepository keys;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  BootstrapApplier(OrgService orgService, OrgRepository orgs, UserService userService, UserRepository users,
      RoleRepository roles, ProjectRepository projects, ApiKeyService keyService, ApiKeyRepository keys,
      ApplicationEventPublisher events, Clock clock) {
    this.orgService = orgService;
    this.orgs = orgs;
    this.userService = userService;
    this.users = users;
    this.roles = roles;
    this.projects = projects;
    this.keyService = keyService;
    this.keys = keys;
    this.events = events;
    this.clock = clock;
  }

  /** Applies the file as planned; returns the keys generated now. */
  List<GeneratedKey> apply(BootstrapFile file, BootstrapPlan plan, Consumer<String> changed) {
    file.allOrganizations().forEach(org -> applyOrg(org, changed));
    file.users().forEach(user -> applyUser(user, plan, changed));
    file.projects().forEach(project -> applyProject(project, changed));
    List<GeneratedKey> generated = new ArrayList<>();
    for (AppEntry app : file.apps()) {
      long appId = applyApp(app, changed);
      for (KeyEntry key : app.apiKeys()) {
        applyKey(app.code(), appId, key, plan.keys().get(key.path()), changed).ifPresent(generated::add);
      }
    }
    return generated;
  }

  private void applyOrg(OrgEntry entry, Consumer<String> changed) {
    Org parent = entry.parent() == null ? orgs.root() : orgs.findByCode(entry.parent()).orElseThrow();
    Optional<Org> before = orgs.findByCode(entry.code());
    boolean tenant = entry.tenant() != null ? entry.tenant() : before.map(Org::tenant).orElse(false);
    Org after = orgService.upsertSystem(entry.code(), entry.name(), parent, tenant, "local", null);
    if (before.isEmpty()) {
      changed.accept("organization " + after.code() + " created" + (tenant ? " (tenant)" : ""));
      return;
    }
    List<String> what = new ArrayList<>();
    if (!before.get().name().equals(after.name())) {
      what.add("renamed");
    }
    if (!Objects.equals(before.get().parentId(), after.parentId())) {
      what.add("moved under " + parent.code());
    }
    if (before.get().tenant() != after.tenant()) {
      what.add(after.tenant() ? "made a tenant" : "no longer a tenant");
    }
    if (!what.isEmpty()) {
      changed.accept("organization " + after.code() + " " + String.join(", ", what));
    }
  }

  private void applyUser(UserEntry entry, BootstrapPlan plan, Consumer<String> changed) {
    long orgId = orgs.findByCode(entry.org()).orElseThrow().id();
    Optional<User> existing = users.findByUsername(entry.username());
    if (existing.isEmpty()) {
      Set<String> wanted = entry.roles() == null ? Set.of() : Set.copyOf(entry.roles());
      userService.insert(new UserService.NewUser(entry.username(),
          entry.displayName() == null ? entry.username() : entry.displayName(), plan.passwords().get(entry.path()),
          entry.phone(), entry.email(), orgId, wanted, entry.expiresAt()), "local", null,
          entry.mustChangePassword());
      changed.accept("user " + entry.username() + " created");
      return;
    }
    User user = existing.get();
    String displayName = or(entry.displayName(), user.displayName());
    String phone = or(entry.phone(), user.phone());
    String email = or(entry.email(), user.email());
    var expiresAt = or(entry.expiresAt(), user.expiresAt());
    List<String> what = new ArrayList<>();
    if (!displayName.equals(user.displayName()) || !Objects.equals(phone, user.phone())
        || !Objects.equals(email, user.email()) || orgId != user.orgId()
        || !Objects.equals(expiresAt, user.expiresAt())) {
      users.updateProfile(user.id(), displayName, phone, email, orgId, expiresAt, user.enabled(), clock.instant());
      what.add("profile");
    }
    if (entry.roles() != null && !roles.rolesOf(user.id()).equals(new TreeSet<>(entry.roles()))) {
      roles.replaceUserRoles(user.id(), Set.copyOf(entry.roles()));
      what.add("roles");
    }
    if (!what.isEmpty()) {
      events.publishEvent(new IamEvents.UserChanged(user.id()));
      changed.accept("user " + user.username() + " updated (" + String.join(", ", what) + ")");
    }
  }

  private void applyProject(ProjectEntry entry, Consumer<String> changed) {
    long orgId = orgs.findByCode(entry.org()).orElseThrow().id();
    Optional<Project> existing = projects.projectByCode(entry.code());
    if (existing.isEmpty()) {
      projects.insertProject(entry.code(), entry.name(), entry.description(), orgId, clock.instant());
      changed.accept("project " + entry.code() + " created");
      return;
    }
    Project p = existing.get();
    String description = or(entry.description(), p.description());
    if (!p.name().equals(entry.name()) || !Objects.equals(p.description(), description)) {
      projects.updateProject(p.id(), entry.name(), description, clock.instant());
      changed.accept("project " + entry.code() + " updated");
    }
  }

  private long applyApp(AppEntry entry, Consumer<String> changed) {
    long projectId = projects.projectByCode(entry.project()).orElseThrow().id();
    Optional<App> existing = projects.appByCode(entry.code());
    if (existing.isEmpty()) {
      changed.accept("app " + entry.code() + " created");
      return projects.insertApp(entry.code(), entry.name(), entry.description(), projectId, clock.instant());
    }
    App app = existing.get();
    String description = or(entry.description(), app.description());
    if (!app.name().equals(entry.name()) || !Objects.equals(app.description(), description)) {
      projects.updateApp(app.id(), entry.name(), description, clock.instant());
      changed.accept("app " + entry.code() + " updated");
    }
    return app.id();
  }

  private Optional<GeneratedKey> applyKey(String appCode, long appId, KeyEntry entry, BootstrapPlan.KeyAction action,
      Consumer<String> changed) {
    String label = "API key " + appCode + "/" + entry.name();
    var newKey = new ApiKeyService.NewKey(entry.name(), entry.models(), entry.limits(), entry.expiresAt());
    Long creator = entry.createdBy() == null ? null : users.findByUsername(entry.createdBy()).orElseThrow().id();
    switch (action) {
      case BootstrapPlan.Create create -> {
        keyService.insert(appId, newKey, create.secret(), creator);
        changed.accept(label + (create.generated() ? " generated" : " created"));
        return create.generated() ? Optional.of(new GeneratedKey(appCode, entry.name(), create.secret()))
            : Optional.empty();
      }
      case BootstrapPlan.Replace replace -> {
        keys.revoke(replace.old().id(), clock.instant());
        events.publishEvent(new IamEvents.ApiKeyRevoked(replace.old().id(), replace.old().keyHash()));
        keyService.insert(appId, newKey, replace.secret(), creator != null ? creator : replace.old().createdBy());
        changed.accept(label + " replaced (the previous value is revoked)");
      }
      case BootstrapPlan.Keep keep -> {
        refreshGrants(keep.existing(), entry, label, changed);
        if (creator != null && !creator.equals(keep.existing().createdBy())) {
          keys.updateCreator(keep.existing().id(), creator);
          changed.accept(label + " now acts for " + entry.createdBy());
        }
      }
      case BootstrapPlan.Skip skip -> { }
    }
    return Optional.empty();
  }

  private void refreshGrants(ApiKey key, KeyEntry entry, String label, Consumer<String> changed) {
    List<String> models = entry.models() == null ? key.models() : List.copyOf(entry.models());
    ApiKey.Limits limits = or(entry.limits(), key.limits());
    var expiresAt = or(entry.expiresAt(), key.expiresAt());
    if (!models.equals(key.models()) || !limits.equals(key.limits()) || !Objects.equals(expiresAt, key.expiresAt())) {
      keys.updateGrants(key.id(), models, limits, expiresAt);
      changed.accept(label + " updated (models, limits or expiry)");
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
