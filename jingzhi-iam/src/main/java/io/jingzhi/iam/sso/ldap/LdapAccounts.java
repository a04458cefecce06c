package io.jingzhi.iam.sso.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.RDN;
import io.jingzhi.iam.IamProperties;
import io.jingzhi.iam.org.Org;
import io.jingzhi.iam.sso.ExternalAccounts;
import io.jingzhi.iam.sso.ExternalAccounts.OrgNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Turns directory entries into platform orgs and accounts: the OU path (or an attribute) becomes orgs under the
 * configured parent, the entry an account of source {@code ldap} keyed by its entryUUID (its DN when the directory
 * has none), so a user who is moved or renamed in the directory keeps the account.
 */
@Component
@ConditionalOnBooleanProperty("jingzhi.iam.ldap.enabled")
public class LdapAccounts {

  public static final String SOURCE = "ldap";

  private final ExternalAccounts accounts;
  private final IamProperties.Ldap settings;
  private final DN baseDn;

  public LdapAccounts(ExternalAccounts accounts, IamProperties properties, LdapDirectory directory) {
    this.accounts = accounts;
    this.settings = properties.ldap();
    this.baseDn = directory.baseDn();
  }

  /** Creates or refreshes the entry's orgs and account. */
  public ExternalAccounts.SyncedUser sync(LdapDirectory.Entry entry) {
    Org org = placeOrgs(orgPath(entry)).org();
    String externalId = entry.uuid() != null ? entry.uuid() : entry.dn().toNormalizedString();
    return accounts.syncUser(new ExternalAccounts.Identity(SOURCE, externalId, entry.username(),
        entry.displayName(), entry.phone(), entry.email()), org.id(), settings.defaultRoles());
  }

  /** Creates or refreshes the orgs of an organizational unit and the units above it. */
  public ExternalAccounts.PlacedOrg placeOrgUnit(DN unit) {
    return placeOrgs(ouNodes(unit, baseDn));
  }

  private ExternalAccounts.PlacedOrg placeOrgs(List<OrgNode> path) {
    return accounts.placeOrgs(SOURCE, accounts.parentOrg(settings.parentOrg()), path, settings.topOrgTenant());
  }

  private List<OrgNode> orgPath(LdapDirectory.Entry entry) {
    return switch (settings.orgStrategy()) {
      case OU_PATH -> ouNodes(entry.dn().getParent(), baseDn);
      case ATTRIBUTE -> entry.orgValue() == null || entry.orgValue().isBlank() ? List.of()
          : List.of(new OrgNode(ExternalAccounts.orgCode(SOURCE, "attr:" + entry.orgValue().strip()),
              entry.orgValue().strip(), entry.orgValue().strip()));
      case NONE -> List.of();
    };
  }

  /** The {@code ou=} units from the base DN down to {@code dn} itself, top first; other RDNs are skipped. */
  static List<OrgNode> ouNodes(DN dn, DN baseDn) {
    List<OrgNode> nodes = new ArrayList<>();
    for (DN current = dn; current != null && current.isDescendantOf(baseDn, false);
        current = current.getParent()) {
      RDN rdn = current.getRDN();
      if (rdn.hasAttribute("ou")) {
        // The code hashes the normalized DN, so it is stable, short and safe whatever the unit is called.
        nodes.add(new OrgNode(ExternalAccounts.orgCode(SOURCE, current.toNormalizedString()),
            rdn.getAttributeValues()[0], current.toString()));
      }
    }
    Collections.reverse(nodes);
    return nodes;
  }
}
