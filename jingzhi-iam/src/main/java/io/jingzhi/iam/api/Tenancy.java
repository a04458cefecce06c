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

  public long tenantOf(long orgId) {
    return orgs.find(orgId).map(Org::tenantId).orElseThrow(() -> ApiException.notFound("org", orgId));
  }
}
