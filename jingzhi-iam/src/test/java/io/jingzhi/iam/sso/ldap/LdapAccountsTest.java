package io.jingzhi.iam.sso.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.DN;
import io.jingzhi.iam.sso.ExternalAccounts.OrgNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class LdapAccountsTest {

  private static final DN BASE = dn("dc=city,dc=gov");

  @Test
  void ouPathBecomesOrgsTopFirstWithStableSafeCodes() {
    List<OrgNode> nodes = LdapAccounts.ouNodes(dn("ou=处室A,ou=委办局B,dc=city,dc=gov"), BASE);
    assertThat(nodes).extracting(OrgNode::name).containsExactly("委办局B", "处室A");
    assertThat(nodes).extracting(OrgNode::externalId)
        .containsExactly("ou=委办局B,dc=city,dc=gov", "ou=处室A,ou=委办局B,dc=city,dc=gov");
    assertThat(nodes).extracting(OrgNode::code).allMatch(c -> c.matches("ldap-[0-9a-f]{16}"));
    // The code follows the normalized DN: spelling differences of the same DN give the same org.
    assertThat(LdapAccounts.ouNodes(dn("OU=处室A, OU=委办局B,DC=City,DC=gov"), BASE))
        .extracting(OrgNode::code).isEqualTo(nodes.stream().map(OrgNode::code).toList());
  }

  @Test
  void rdnsThatAreNotUnitsAndEverythingAboveTheBaseAreSkipped() {
    assertThat(LdapAccounts.ouNodes(dn("cn=groups,ou=委办局B,dc=city,dc=gov"), BASE)).extracting(OrgNode::name)
        .containsExactly("委办局B");
    assertThat(LdapAccounts.ouNodes(BASE, BASE)).isEmpty();
    assertThat(LdapAccounts.ouNodes(dn("ou=elsewhere,dc=other"), BASE)).isEmpty();
  }

  private static DN dn(String s) {
    try {
      return new DN(s);
    } catch (com.unboundid.ldap.sdk.LDAPException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
