package io.jingzhi.iam.user;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.BuiltinRole;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.IamEvents;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.Tenancy;
import io.jingzhi.iam.audit.AuditJson;
import io.jingzhi.iam.role.RoleRepository;
import io.jingzhi.iam.role.RoleService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts: creation, profile, roles, disabling, password resets and changes. */
@Service
public class UserService {

  private final UserRepository users;
  private final RoleRepository roles;
  private final RoleService roleService;
  private final Tenancy tenancy;
  private final PasswordPolicy policy;
  private final PasswordEncoder encoder;
  private final AuditLog audit;
  private final AuditJson auditJson;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public UserService(UserRepository users, RoleRepository roles, RoleService roleService, Tenancy tenancy,
      PasswordPolicy policy, PasswordEncoder encoder, AuditLog audit, AuditJson auditJson,
      ApplicationEventPublisher events, Clock clock) {
    this.users = users;
    this.roles = roles;
    this.roleService = roleService;
    this.tenancy = tenancy;
    this.policy = policy;
    this.encoder = encoder;
    this.audit = audit;
    this.auditJson = auditJson;
    this.events = events;
    this.clock = clock;
  }

  /** What a new account needs. */
  public record NewUser(String username, String displayName, String password, String phone, String email, long orgId,
      Set<String> roles, Instant expiresAt) {}

  /** Changes of an account; null leaves a field as it is. */
  public record UserChanges(String displayName, String phone, String email, Long orgId, Instant expiresAt,
      Boolean clearExpiry, Boolean enabled) {}

  public PageResult<UserView> search(Caller caller, Long orgId, String text, PageQuery page) {
    caller.require(Permissions.USER_READ);
    if (orgId != null) {
      tenancy.requireVisibleOrg(caller, orgId);
    }
    PageResult<User> found = users.search(caller.platformScope() ? null : caller.tenantId(), orgId, text, page);
    return new PageResult<>(views(found.items()), found.total(), found.page(), found.size());
  }

  public UserView get(Caller caller, long id) {
    caller.require(Permissions.USER_READ);
    return view(visible(caller, id));
  }

  @Transactional
  public UserView create(Caller caller, NewUser n) {
    caller.require(Permissions.USER_WRITE);
    tenancy.requireVisibleOrg(caller, n.orgId());
    requireFreeUsername(n.username());
    policy.check("password", n.username(), n.password(), List.of());
    Set<String> wantedRoles = n.roles() == null ? Set.of() : n.roles();
    roleService.checkAssignment(caller, -1, Set.of(), wantedRoles);
    UserView created = view(insert(n, "local", null, false));
    audit.record(AuditRecord.success(caller, "user.create", "user", created.id(), created.username(), null,
        auditJson.of(created)));
    return created;
  }

  /** Creates an account without a caller: bootstrap, first start and directory synchronisation. */
  @Transactional
  public User insert(NewUser n, String source, String externalId, boolean mustChangePassword) {
    Instant now = clock.instant();
    String hash = n.password() == null ? null : encoder.encode(n.password());
    long id = users.insert(new User(0, n.username(), n.displayName(), n.phone(), n.email(), n.orgId(), null, null,
        mustChangePassword, true, n.expiresAt(), 0, null, source, externalId, null, now, now));
    if (hash != null) {
      users.updatePassword(id, hash, mustChangePassword, now);
    }
    roles.replaceUserRoles(id, n.roles() == null ? Set.of() : n.roles());
    return users.find(id).orElseThrow();
  }

  /** Refreshes an account from an external directory (LDAP, OIDC) without a caller. */
  @Transactional
  public User refreshExternal(User user, String displayName, String phone, String email, long orgId) {
    users.updateProfile(user.id(), displayName, phone, email, orgId, user.expiresAt(), user.enabled(),
        clock.instant());
    return users.find(user.id()).orElseThrow();
  }

  @Transactional
  public UserView update(Caller caller, long id, UserChanges c) {
    requireAccountManager(caller);
    User before = visible(caller, id);
    requireManage(caller, before);
    if (c.orgId() != null) {
      tenancy.requireVisibleOrg(caller, c.orgId());
    }
    if (c.enabled() != null && !c.enabled() && caller.userId() == id) {
      throw ApiException.badRequest("user.self_disable", "You cannot disable your own account");
    }
    UserView beforeView = view(before);
    Instant expiry = Boolean.TRUE.equals(c.clearExpiry()) ? null
        : c.expiresAt() != null ? c.expiresAt() : before.expiresAt();
    boolean enabled = c.enabled() == null ? before.enabled() : c.enabled();
    users.updateProfile(id, c.displayName() == null ? before.displayName() : c.displayName(),
        c.phone() == null ? before.phone() : blankToNull(c.phone()),
        c.email() == null ? before.email() : blankToNull(c.email()),
        c.orgId() == null ? before.orgId() : c.orgId(), expiry, enabled, clock.instant());
    if (before.enabled() && !enabled) {
      events.publishEvent(new IamEvents.UserDisabled(id));
    }
    events.publishEvent(new IamEvents.UserChanged(id));
    UserView after = view(users.find(id).orElseThrow());
    audit.record(AuditRecord.success(caller, "user.update", "user", id, after.username(), auditJson.of(beforeView),
        auditJson.of(after)));
    return after;
  }

  @Transactional
  public UserView setRoles(Caller caller, long id, Set<String> wanted) {
    caller.require(Permissions.ROLE_ASSIGN);
    User user = visible(caller, id);
    Set<String> current = roles.rolesOf(id);
    roleService.checkAssignment(caller, id, current, wanted);
    roles.replaceUserRoles(id, wanted);
    events.publishEvent(new IamEvents.UserChanged(id));
    UserView after = view(users.find(id).orElseThrow());
    audit.record(AuditRecord.success(caller, "user.roles", "user", id, user.username(),
        auditJson.of(Map.of("roles", current)), auditJson.of(Map.of("roles", wanted))));
    return after;
  }

  @Transactional
  public void resetPassword(Caller caller, long id, String newPassword) {
    requireAccountManager(caller);
    User user = visible(caller, id);
    requireManage(caller, user);
    requireLocal(user);
    policy.check("new_password", user.username(), newPassword, List.of());
    users.updatePassword(id, encoder.encode(newPassword), true, clock.instant());
    events.publishEvent(new IamEvents.UserDisabled(id)); // ends the user's sessions
    audit.record(AuditRecord.success(caller, "user.reset_password", "user", id, user.username(), null,
        "{\"must_change_password\":true}"));
  }

  @Transactional
  public void unlock(Caller caller, long id) {
    if (!caller.can(Permissions.USER_UNLOCK)) {
      caller.require(Permissions.USER_WRITE);
    }
    User user = visible(caller, id);
    users.unlock(id, clock.instant());
    audit.record(AuditRecord.success(caller, "user.unlock", "user", id, user.username(),
        "{\"failed_attempts\":" + user.failedAttempts() + "}", "{\"failed_attempts\":0}"));
  }

  @Transactional
  public UserView updateOwnProfile(Caller caller, String displayName, String phone, String email) {
    User before = users.find(caller.userId()).orElseThrow(() -> ApiException.notFound("user", caller.userId()));
    UserView beforeView = view(before);
    users.updateProfile(before.id(), displayName == null ? before.displayName() : displayName,
        phone == null ? before.phone() : blankToNull(phone), email == null ? before.email() : blankToNull(email),
        before.orgId(), before.expiresAt(), before.enabled(), clock.instant());
    UserView after = view(users.find(before.id()).orElseThrow());
    audit.record(AuditRecord.success(caller, "me.update", "user", before.id(), before.username(),
        auditJson.of(beforeView), auditJson.of(after)));
    return after;
  }

  @Transactional
  public void changeOwnPassword(Caller caller, String currentPassword, String newPassword) {
    User user = users.find(caller.userId()).orElseThrow(() -> ApiException.notFound("user", caller.userId()));
    requireLocal(user);
    if (user.passwordHash() == null || !encoder.matches(currentPassword, user.passwordHash())) {
      throw ApiException.invalid("current_password", "is not your current password");
    }
    policy.check("new_password", user.username(), newPassword,
        users.recentPasswordHashes(user.id(), PasswordPolicy.MAX_HISTORY));
    users.updatePassword(user.id(), encoder.encode(newPassword), false, clock.instant());
    events.publishEvent(new IamEvents.UserChanged(user.id()));
    audit.record(AuditRecord.success(caller, "me.change_password", "user", user.id(), user.username(), null, null));
  }

  public UserView view(User u) {
    return views(List.of(u)).getFirst();
  }

  public List<UserView> views(List<User> list) {
    Map<Long, Set<String>> userRoles = roles.rolesOf(list.stream().map(User::id).toList());
    Map<Long, String> orgNames = users.orgNames(list.stream().map(User::orgId).distinct().toList());
    Instant now = clock.instant();
    return list.stream().map(u -> new UserView(u.id(), u.username(), u.displayName(), u.phone(), u.email(),
        u.orgId(), orgNames.get(u.orgId()), userRoles.getOrDefault(u.id(), Set.of()), u.enabled(), u.lockedAt(now),
        u.expiresAt(), u.source(), u.mustChangePassword(), u.lastLoginAt(), u.createdAt())).toList();
  }

  private User visible(Caller caller, long id) {
    User user = users.find(id).orElseThrow(() -> ApiException.notFound("user", id));
    tenancy.requireVisible(caller, user.orgId(), "user", id);
    return user;
  }

  /**
   * Who may change an account: whoever holds {@code user:write}, except for the accounts of the separated
   * administrators (三员), which only the security administrator manages — otherwise the system administrator
   * could reset the audit administrator's password and read the trail as them.
   */
  private static void requireAccountManager(Caller caller) {
    if (!caller.roles().contains(BuiltinRole.SECURITY_ADMIN.code())) {
      caller.require(Permissions.USER_WRITE);
    }
  }

  private void requireManage(Caller caller, User target) {
    boolean targetIsAdmin = roles.rolesOf(target.id()).stream().anyMatch(BuiltinRole::isSeparatedAdmin);
    if (!targetIsAdmin) {
      caller.require(Permissions.USER_WRITE);
    } else if (!caller.roles().contains(BuiltinRole.SECURITY_ADMIN.code())) {
      throw ApiException.forbidden("user.admin_protected",
          "Accounts of the system, security and audit administrators are managed by the security administrator");
    }
  }

  private void requireFreeUsername(String username) {
    if (users.findByUsername(username).isPresent()) {
      throw ApiException.conflict("user.username_taken", "The username " + username + " is taken");
    }
  }

  private static void requireLocal(User user) {
    if (!"local".equals(user.source())) {
      throw ApiException.badRequest("user.external_password",
          "The password of this account is managed by " + user.source().toUpperCase());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
