package io.jingzhi.iam.group;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.Tenancy;
import io.jingzhi.iam.audit.AuditJson;
import io.jingzhi.iam.org.Org;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** User groups within a tenant. */
@Service
public class GroupService {

  private final GroupRepository groups;
  private final Tenancy tenancy;
  private final AuditLog audit;
  private final AuditJson auditJson;
  private final Clock clock;

  public GroupService(GroupRepository groups, Tenancy tenancy, AuditLog audit, AuditJson auditJson, Clock clock) {
    this.groups = groups;
    this.tenancy = tenancy;
    this.audit = audit;
    this.auditJson = auditJson;
    this.clock = clock;
  }

  /** A group with its members. */
  public record GroupDetail(long id, String name, String description, long orgId, int memberCount,
      List<GroupRepository.Member> members) {}

  public List<Group> list(Caller caller) {
    caller.require(Permissions.GROUP_READ);
    return groups.list(caller.platformScope() ? null : caller.tenantId());
  }

  public GroupDetail get(Caller caller, long id) {
    caller.require(Permissions.GROUP_READ);
    Group g = visible(caller, id);
    return new GroupDetail(g.id(), g.name(), g.description(), g.orgId(), g.memberCount(), groups.members(id));
  }

  @Transactional
  public Group create(Caller caller, String name, String description, long orgId) {
    caller.require(Permissions.GROUP_WRITE);
    tenancy.requireVisibleOrg(caller, orgId);
    if (groups.nameTaken(orgId, name, -1)) {
      throw ApiException.conflict("group.name_taken", "The organization already has a group named " + name);
    }
    long id = groups.insert(name, description, orgId, clock.instant());
    Group created = groups.find(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "group.create", "group", id, name, null, auditJson.of(created)));
    return created;
  }

  @Transactional
  public Group update(Caller caller, long id, String name, String description) {
    caller.require(Permissions.GROUP_WRITE);
    Group before = visible(caller, id);
    String newName = name == null ? before.name() : name;
    if (groups.nameTaken(before.orgId(), newName, id)) {
      throw ApiException.conflict("group.name_taken", "The organization already has a group named " + newName);
    }
    groups.update(id, newName, description == null ? before.description() : description);
    Group after = groups.find(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "group.update", "group", id, after.name(), auditJson.of(before),
        auditJson.of(after)));
    return after;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    caller.require(Permissions.GROUP_WRITE);
    Group group = visible(caller, id);
    groups.delete(id);
    audit.record(AuditRecord.success(caller, "group.delete", "group", id, group.name(), auditJson.of(group), null));
  }

  @Transactional
  public GroupDetail setMembers(Caller caller, long id, Set<Long> userIds) {
    caller.require(Permissions.GROUP_WRITE);
    Group group = visible(caller, id);
    Org org = tenancy.requireVisibleOrg(caller, group.orgId());
    boolean foreign = groups.tenantsOfUsers(userIds).stream().anyMatch(t -> t != org.tenantId());
    // Users of another tenant do not exist for a tenant's own administrators, as everywhere else.
    if (groups.countUsers(userIds) != userIds.size() || (foreign && !caller.platformScope())) {
      throw ApiException.invalid("user_ids", "contains users that do not exist");
    }
    if (foreign) {
      throw ApiException.invalid("user_ids", "members must belong to the group's tenant");
    }
    var before = groups.members(id).stream().map(GroupRepository.Member::id).toList();
    groups.replaceMembers(id, userIds);
    audit.record(AuditRecord.success(caller, "group.members", "group", id, group.name(),
        auditJson.of(Map.of("user_ids", before)), auditJson.of(Map.of("user_ids", userIds))));
    return get(caller, id);
  }

  private Group visible(Caller caller, long id) {
    Group group = groups.find(id).orElseThrow(() -> ApiException.notFound("group", id));
    tenancy.requireVisible(caller, group.orgId(), "group", id);
    return group;
  }
}
