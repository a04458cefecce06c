package io.jingzhi.iam.org;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.Tenancy;
import io.jingzhi.iam.audit.AuditJson;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, renames, moves, disables and deletes organizations, keeping paths and tenants consistent. */
@Service
public class OrgService {

  private final OrgRepository orgs;
  private final Tenancy tenancy;
  private final AuditLog audit;
  private final AuditJson auditJson;
  private final Clock clock;

  public OrgService(OrgRepository orgs, Tenancy tenancy, AuditLog audit, AuditJson auditJson, Clock clock) {
    this.orgs = orgs;
    this.tenancy = tenancy;
    this.audit = audit;
    this.auditJson = auditJson;
    this.clock = clock;
  }

  public List<Org> list(Caller caller) {
    caller.require(Permissions.ORG_READ);
    return caller.platformScope() ? orgs.all() : orgs.inTenant(caller.tenantId());
  }

  public Org get(Caller caller, long id) {
    caller.require(Permissions.ORG_READ);
    return tenancy.requireVisibleOrg(caller, id);
  }

  @Transactional
  public Org create(Caller caller, String code, String name, long parentId, boolean tenant) {
    caller.require(Permissions.ORG_WRITE);
    Org parent = tenancy.requireVisibleOrg(caller, parentId);
    if (tenant && !caller.platformScope()) {
      throw ApiException.forbidden("org.tenant_boundary_denied",
          "Only a platform administrator can make an organization a tenant boundary");
    }
    requireFreeCode(code);
    long id = orgs.insert(code, name, parent, tenant, "local", null, clock.instant());
    Org created = orgs.find(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "org.create", "org", id, name, null, auditJson.of(created)));
    return created;
  }

  /** Creates or refreshes an org without a caller: bootstrap and directory synchronisation. */
  @Transactional
  public Org upsertSystem(String code, String name, Org parent, boolean tenant, String source, String externalId) {
    var existing = orgs.findByCode(code);
    if (existing.isPresent()) {
      Org org = existing.get();
      if (!org.name().equals(name)) {
        orgs.update(org.id(), name, org.enabled(), clock.instant());
      }
      if (org.tenant() != tenant || !java.util.Objects.equals(org.parentId(), parent.id())) {
        relocate(org, parent, tenant);
      }
      return orgs.find(org.id()).orElseThrow();
    }
    long id = orgs.insert(code, name, parent, tenant, source, externalId, clock.instant());
    return orgs.find(id).orElseThrow();
  }

  @Transactional
  public Org update(Caller caller, long id, String name, Boolean enabled, Boolean tenant) {
    caller.require(Permissions.ORG_WRITE);
    Org before = tenancy.requireVisibleOrg(caller, id);
    if (enabled != null && !enabled && before.isRoot()) {
      throw ApiException.badRequest("org.root_protected", "The platform root cannot be disabled");
    }
    orgs.update(id, name == null ? before.name() : name, enabled == null ? before.enabled() : enabled,
        clock.instant());
    if (tenant != null && tenant != before.tenant()) {
      if (!caller.platformScope()) {
        throw ApiException.forbidden("org.tenant_boundary_denied",
            "Only a platform administrator can change tenant boundaries");
      }
      if (before.isRoot()) {
        throw ApiException.badRequest("org.root_protected", "The platform root is always a tenant");
      }
      relocate(orgs.find(id).orElseThrow(), orgs.find(before.parentId()).orElseThrow(), tenant);
    }
    Org after = orgs.find(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "org.update", "org", id, after.name(), auditJson.of(before),
        auditJson.of(after)));
    return after;
  }

  @Transactional
  public Org move(Caller caller, long id, long newParentId) {
    caller.require(Permissions.ORG_WRITE);
    Org before = tenancy.requireVisibleOrg(caller, id);
    Org parent = tenancy.requireVisibleOrg(caller, newParentId);
    if (before.isRoot()) {
      throw ApiException.badRequest("org.root_protected", "The platform root cannot be moved");
    }
    if (parent.isWithin(before)) {
      throw ApiException.invalid("parent_id", "an organization cannot move under itself or its descendants");
    }
    if (!caller.platformScope() && parent.tenantId() != before.tenantId()) {
      throw ApiException.forbidden("org.cross_tenant_move", "Organizations cannot be moved to another tenant");
    }
    relocate(before, parent, before.tenant());
    Org after = orgs.find(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "org.move", "org", id, after.name(), auditJson.of(before),
        auditJson.of(after)));
    return after;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    caller.require(Permissions.ORG_WRITE);
    Org org = tenancy.requireVisibleOrg(caller, id);
    if (org.isRoot()) {
      throw ApiException.badRequest("org.root_protected", "The platform root cannot be deleted");
    }
    List<String> dependents = orgs.dependents(id);
    if (!dependents.isEmpty()) {
      throw ApiException.conflict("org.not_empty",
          "Organization " + org.name() + " still has " + String.join(", ", dependents));
    }
    orgs.delete(id);
    audit.record(AuditRecord.success(caller, "org.delete", "org", id, org.name(), auditJson.of(org), null));
  }

  private void requireFreeCode(String code) {
    if (orgs.findByCode(code).isPresent()) {
      throw ApiException.conflict("org.code_taken", "An organization with code " + code + " already exists");
    }
  }

  /** Puts an org (and its subtree) under a parent, recomputing paths, depths and tenants. */
  private void relocate(Org org, Org parent, boolean tenant) {
    List<Org> subtree = orgs.subtree(org);
    Map<Long, Org> placed = new HashMap<>();
    var now = clock.instant();
    for (Org node : subtree) {
      Org nodeParent = node.id() == org.id() ? parent : placed.get(node.parentId());
      boolean isTenant = node.id() == org.id() ? tenant : node.tenant();
      String path = nodeParent.path() + node.id() + "/";
      long tenantId = isTenant ? node.id() : nodeParent.tenantId();
      orgs.place(node.id(), nodeParent.id(), path, nodeParent.depth() + 1, isTenant, tenantId, now);
      placed.put(node.id(), new Org(node.id(), node.code(), node.name(), nodeParent.id(), path,
          nodeParent.depth() + 1, isTenant, tenantId, node.enabled(), node.source(), node.externalId(),
          node.createdAt(), now));
    }
  }
}
