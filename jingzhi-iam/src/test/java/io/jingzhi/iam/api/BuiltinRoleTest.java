package io.jingzhi.iam.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuiltinRoleTest {

  private static final List<BuiltinRole> ADMINS = List.of(BuiltinRole.SYSTEM_ADMIN, BuiltinRole.SECURITY_ADMIN,
      BuiltinRole.AUDIT_ADMIN);

  /**
   * The administrative powers of a role: what changes the platform or reads the trail. Viewing (":read") and
   * using the platform (":invoke", ":check") are shared by design; audit:read is a power of its own.
   */
  private static Set<String> powers(BuiltinRole role) {
    Set<String> powers = new HashSet<>(role.permissions());
    powers.removeIf(p -> (p.endsWith(":read") && !p.equals(Permissions.AUDIT_READ)) || p.endsWith(":invoke")
        || p.endsWith(":check"));
    return powers;
  }

  @Test
  void theThreeAdministratorsPowersDoNotOverlap() {
    for (BuiltinRole a : ADMINS) {
      for (BuiltinRole b : ADMINS) {
        if (a != b) {
          assertThat(powers(a)).as("%s and %s", a, b).doesNotContainAnyElementsOf(powers(b));
        }
      }
    }
  }

  @Test
  void onlyTheAuditAdministratorReadsTheAuditTrail() {
    Arrays.stream(BuiltinRole.values()).forEach(r -> assertThat(r.permissions().contains(Permissions.AUDIT_READ))
        .as(r.code()).isEqualTo(r == BuiltinRole.AUDIT_ADMIN));
    assertThat(BuiltinRole.AUDIT_ADMIN.permissions()).as("the auditor changes nothing")
        .allSatisfy(p -> assertThat(p).matches(".*:(read|export)"));
  }

  @Test
  void theSeparatedPowersBelongToTheirAdministratorOnly() {
    assertThat(roleHolding(Permissions.ROLE_WRITE)).containsExactly(BuiltinRole.SECURITY_ADMIN);
    assertThat(roleHolding(Permissions.SECURITY_POLICY)).containsExactly(BuiltinRole.SECURITY_ADMIN);
    assertThat(roleHolding(Permissions.AUDIT_EXPORT)).containsExactly(BuiltinRole.AUDIT_ADMIN);
    assertThat(roleHolding(Permissions.USER_WRITE)).doesNotContain(BuiltinRole.SECURITY_ADMIN, BuiltinRole.AUDIT_ADMIN);
    assertThat(roleHolding(Permissions.ROLE_ASSIGN)).doesNotContain(BuiltinRole.SYSTEM_ADMIN, BuiltinRole.AUDIT_ADMIN);
  }

  @Test
  void exactlyTheThreeAdministratorsAreSeparatedAndEveryPermissionIsInTheCatalog() {
    assertThat(Arrays.stream(BuiltinRole.values()).filter(BuiltinRole::separatedAdmin)).containsExactlyElementsOf(ADMINS);
    assertThat(BuiltinRole.isSeparatedAdmin("tenant-admin")).isFalse();
    assertThat(BuiltinRole.isSeparatedAdmin("no-such-role")).isFalse();
    Arrays.stream(BuiltinRole.values()).forEach(r -> assertThat(r.permissions())
        .allSatisfy(p -> assertThat(Permissions.exists(p)).as(p).isTrue()));
    assertThat(Permissions.SEPARATED).allSatisfy(p -> assertThat(BuiltinRole.TENANT_ADMIN.permissions()).doesNotContain(p));
  }

  private static List<BuiltinRole> roleHolding(String permission) {
    return Arrays.stream(BuiltinRole.values()).filter(r -> r.permissions().contains(permission)).toList();
  }
}
