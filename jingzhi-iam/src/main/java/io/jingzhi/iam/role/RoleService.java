package io.jingzhi.iam.role;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.BuiltinRole;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.IamEvents;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.audit.AuditJson;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Roles and the rules of assigning them, including the separation of the three administrators (三员分立):
 * one person holds at most one of them, only the security administrator hands them out, and nobody changes
 * their own roles.
 */
@Service
public class RoleService {

  private final RoleRepository roles;
  private final AuditLog audit;
  private final AuditJson auditJson;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public RoleService(RoleRepository roles, AuditLog audit, AuditJson auditJson, ApplicationEventPublisher events,
      Clock clock) {
    this.roles = roles;
    this.audit = audit;
    this.auditJson = auditJson;
    this.events = events;
    this.clock = clock;
  }

  /** Brings the built-in roles in the database in line with the code. */
  @Transactional
  public void syncBuiltins() {
    for (BuiltinRole builtin : BuiltinRole.values()) {
      Role role = new Role(builtin.code(), builtin.displayName(), builtin.description(), true,
          new TreeSet<>(builtin.permissions()));
      if (roles.find(builtin.code()).isPresent()) {
        roles.update(role);
      } else {
        roles.insert(role, clock.instant());
      }
    }
  }

  public List<Role> list(Caller caller) {
    caller.require(Permissions.ROLE_READ);
    return roles.all();
  }

  @Transactional
  public Role create(Caller caller, String code, String name, String description, Set<String> permissions) {
    caller.require(Permissions.ROLE_WRITE);
    if (roles.find(code).isPresent()) {
      throw ApiException.conflict("role.code_taken", "A role with code " + code + " already exists");
    }
    requireFreeName(name, null);
    checkPermissions(permissions);
    Role role = new Role(code, name, description, false, new TreeSet<>(permissions));
    roles.insert(role, clock.instant());
    audit.record(AuditRecord.success(caller, "role.create", "role", code, name, null, auditJson.of(role)));
    return role;
  }

  @Transactional
  public Role update(Caller caller, String code, String name, String description, Set<String> permissions) {
    caller.require(Permissions.ROLE_WRITE);
    Role before = get(code);
    if (before.builtin()) {
      throw ApiException.conflict("role.builtin", "Built-in role " + code + " cannot be changed");
    }
    if (name != null) {
      requireFreeName(name, code);
    }
    if (permissions != null) {
      checkPermissions(permissions);
    }
    Role after = new Role(code, name == null ? before.name() : name,
        description == null ? before.description() : description, false,
        permissions == null ? before.permissions() : new TreeSet<>(permissions));
    roles.update(after);
    events.publishEvent(new IamEvents.RoleChanged(code));
    audit.record(AuditRecord.success(caller, "role.update", "role", code, after.name(), auditJson.of(before),
        auditJson.of(after)));
    return after;
  }

  @Transactional
  public void delete(Caller caller, String code) {
    caller.require(Permissions.ROLE_WRITE);
    Role role = get(code);
    if (role.builtin()) {
      throw ApiException.conflict("role.builtin", "Built-in role " + code + " cannot be deleted");
    }
    long holders = roles.holders(code);
    if (holders > 0) {
      throw ApiException.conflict("role.in_use", "Role " + code + " is still held by " + holders + " user(s)");
    }
    roles.delete(code);
    audit.record(AuditRecord.success(caller, "role.delete", "role", code, role.name(), auditJson.of(role), null));
  }

  public Role get(String code) {
    return roles.find(code).orElseThrow(() -> ApiException.notFound("role", code));
  }

  /**
   * Checks that {@code caller} may give {@code target} exactly the roles {@code wanted}, replacing
   * {@code current}. Throws with the reason when not.
   */
  public void checkAssignment(Caller caller, long targetUserId, Collection<String> current, Collection<String> wanted) {
    Set<String> added = new TreeSet<>(wanted);
    added.removeAll(current);
    Set<String> removed = new TreeSet<>(current);
    removed.removeAll(wanted);
    if (added.isEmpty() && removed.isEmpty()) {
      return;
    }
    caller.require(Permissions.ROLE_ASSIGN);
    if (caller.userId() == targetUserId) {
      throw ApiException.forbidden("role.self_assignment", "Nobody can change their own roles");
    }
    for (String code : wanted) {
      get(code);
    }
    long admins = wanted.stream().filter(BuiltinRole::isSeparatedAdmin).count();
    if (admins > 1) {
      throw ApiException.badRequest("role.separation_of_duties",
          "The system, security and audit administrator roles cannot be held by the same person");
    }
    if (!caller.platformScope()) {
      // A department administrator hands out the platform's department roles, and of custom roles only what
      // they hold themselves.
      for (String code : added.stream().filter(c -> BuiltinRole.of(c).isEmpty()).toList()) {
        Set<String> missing = new TreeSet<>(get(code).permissions());
        missing.removeAll(caller.permissions());
        if (!missing.isEmpty()) {
          throw ApiException.forbidden("role.escalation",
              "Role " + code + " carries permissions you do not hold: " + String.join(", ", missing));
        }
      }
    }
    Set<String> changed = new TreeSet<>(added);
    changed.addAll(removed);
    boolean touchesAdmin = changed.stream().anyMatch(BuiltinRole::isSeparatedAdmin);
    if (touchesAdmin && !caller.roles().contains(BuiltinRole.SECURITY_ADMIN.code())) {
      throw ApiException.forbidden("role.admin_assignment",
          "Only the security administrator can grant or withdraw administrator roles");
    }
  }

  private void requireFreeName(String name, String exceptCode) {
    if (roles.nameTaken(name, exceptCode)) {
      throw ApiException.conflict("role.name_taken", "A role named " + name + " already exists");
    }
  }

  private static void checkPermissions(Set<String> permissions) {
    for (String p : permissions) {
      if (!Permissions.exists(p)) {
        throw ApiException.invalid("permissions", "unknown permission " + p);
      }
      if (Permissions.SEPARATED.contains(p)) {
        throw ApiException.invalid("permissions",
            p + " is reserved to the separated administrators and cannot be part of a custom role");
      }
    }
  }
}
