package io.jingzhi.iam.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jingzhi.common.error.ApiException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CallerTest {

  private static Caller user(long tenant, String... roles) {
    Set<String> permissions = new java.util.HashSet<>();
    for (String r : roles) {
      BuiltinRole.of(r).ifPresent(b -> permissions.addAll(b.permissions()));
    }
    return new Caller(1, "u", "U", tenant, tenant, Set.of(roles), permissions, Caller.AuthType.USER, null, null, 9L,
        null, false);
  }

  @Test
  void tenantUsersSeeOnlyTheirTenant() {
    Caller dev = user(5, "developer");
    assertThat(dev.platformScope()).isFalse();
    assertThat(dev.canSeeTenant(5L)).isTrue();
    assertThat(dev.canSeeTenant(6L)).isFalse();
    assertThat(dev.canSeeTenant(null)).isFalse();
    assertThat(user(5, "tenant-admin").canSeeTenant(6L)).isFalse();
  }

  @Test
  void theSeparatedAdministratorsSeeEveryTenant() {
    for (String admin : new String[] {"system-admin", "security-admin", "audit-admin"}) {
      assertThat(user(1, admin).platformScope()).as(admin).isTrue();
      assertThat(user(1, admin).canSeeTenant(42L)).as(admin).isTrue();
    }
  }

  @Test
  void anApiKeyNeverHasPlatformScopeWhateverRolesItCarries() {
    var key = new Caller(1, "app:x/sk-jz", "X", 1, 1, Set.of("system-admin"), Set.of("model:invoke"),
        Caller.AuthType.API_KEY, 3L, 4L, null, null, false);
    assertThat(key.platformScope()).isFalse();
    assertThat(key.canSeeTenant(2L)).isFalse();
  }

  @Test
  void aMissingPermissionIsA403NamingIt() {
    Caller reviewer = user(5, "reviewer");
    assertThatCode(() -> reviewer.require(Permissions.APP_READ)).doesNotThrowAnyException();
    var ex = catchThrowableOfType(ApiException.class, () -> reviewer.require(Permissions.APP_WRITE));
    assertThat(ex.status()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(ex.code()).isEqualTo("permission_denied");
    assertThat(ex.getMessage()).contains("app:write");
  }

  @Test
  void rolesAndPermissionsAreCopiedNotShared() {
    var roles = new java.util.HashSet<>(Set.of("developer"));
    var caller = new Caller(1, "u", "U", 1, 1, roles, Set.of(), Caller.AuthType.USER, null, null, null, null, false);
    roles.add("system-admin");
    assertThat(caller.platformScope()).isFalse();
    assertThat(caller.withSourceIp("10.1.1.1").sourceIp()).isEqualTo("10.1.1.1");
  }
}
