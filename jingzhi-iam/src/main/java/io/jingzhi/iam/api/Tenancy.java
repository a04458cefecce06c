package io.jingzhi.iam.api;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.org.Org;
import io.jingzhi.iam.org.OrgRepository;
import org.springframework.stereotype.Component;

/**
 * The one place where tenant isolation is decided: a resource belongs to an org, an org to a tenant, and a
 * caller sees only its own tenant unless it is a platform administrator. Resources of another tenant answer
 * 404, as if they did not exist.
 */
@Component
public class Tenancy {

  private final OrgRepository orgs;

  public Tenancy(OrgRepository orgs) {
    this.orgs = orgs;
  }

  /** The org, when the caller may see it; otherwise 404. */
  public Org requireVisibleOrg(Caller caller, long orgId) {
    Org org = orgs.find(orgId).orElseThrow(() -> ApiException.notFound("org", orgId));
    if (!caller.canSeeTenant(org.tenantId())) {
      throw ApiException.notFound("org", orgId);
    }
    return org;
  }

  /** Checks that a resource owned by {@code orgId} is visible; answers 404 under the resource's own name. */
  public void requireVisible(Caller caller, long orgId, String resource, Object resourceId) {
    Org org = orgs.find(orgId).orElseThrow(() -> ApiException.notFound(resource, resourceId));
    if (!caller.canSeeTenant(org.tenantId())) {
      throw ApiException.notFound(resource, resourceId);
    }
  }

  /** Whether the org exists and is a tenant boundary (a 委办局-level org). */
  public boolean isTenant(long orgId) {
    return orgs.find(orgId).map(Org::tenant).orElse(false);
  }

  /**
   * The tenant a new tenant-owned resource belongs to: the caller's own (naming another answers 404); platform
   * administrators may name any tenant, or none for a platform-wide resource (an id that is no tenant answers 400).
   */
  public Long ownerTenant(Caller caller, Long requested) {
    if (!caller.platformScope()) {
      if (requested != null && requested != caller.tenantId()) {
        throw ApiException.notFound("tenant", requested);
      }
      return caller.tenantId();
    }
    if (requested != null && !isTenant(requested)) {
      throw ApiException.invalid("tenant_id", "no tenant (委办局-level org) with the id " + requested);
    }
    return requested;
  }

  public long tenantOf(long orgId) {
    return orgs.find(orgId).map(Org::tenantId).orElseThrow(() -> ApiException.notFound("org", orgId));
  }
}
