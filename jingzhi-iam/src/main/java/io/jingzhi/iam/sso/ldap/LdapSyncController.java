package io.jingzhi.iam.sso.ldap;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Callers;
import io.jingzhi.iam.api.Permissions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** "Sync now" for the LDAP directory: {@code POST /api/v1/sso/ldap/sync}, platform administrators only. */
@RestController
public class LdapSyncController {

  private final ObjectProvider<LdapSync> sync;

  public LdapSyncController(ObjectProvider<LdapSync> sync) {
    this.sync = sync;
  }

  @PostMapping("/api/v1/sso/ldap/sync")
  @Audited(value = "sso.ldap_sync", target = "directory")
  public LdapSync.Report sync() {
    Caller caller = Callers.current();
    caller.require(Permissions.USER_WRITE);
    if (!caller.platformScope()) {
      // The directory spans every department (委办局), so a tenant administrator may not import it.
      throw ApiException.forbidden("permission_denied", "Only a platform administrator can synchronise the directory");
    }
    LdapSync ldap = sync.getIfAvailable();
    if (ldap == null) {
      throw ApiException.conflict("sso.ldap_disabled", "LDAP is not enabled (jingzhi.iam.ldap.enabled)");
    }
    return ldap.syncAll(caller);
  }
}
