package io.jingzhi.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A directory that is down does not stop the platform: directory sign-ins answer 503, local accounts still work. */
class SsoLdapUnavailableIT extends ServerIT {

  @DynamicPropertySource
  static void ldap(DynamicPropertyRegistry registry) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // free again once closed: nothing listens there
    }
    registry.add("jingzhi.iam.ldap.enabled", () -> "true");
    registry.add("jingzhi.iam.ldap.url", () -> "ldap://127.0.0.1:" + closedPort);
    registry.add("jingzhi.iam.ldap.base-dn", () -> "dc=city,dc=gov");
    registry.add("jingzhi.iam.ldap.connect-timeout", () -> "1s");
  }

  @Test
  void directorySignInsAnswer503AndLocalAccountsStillSignIn() {
    var res = api.post("/api/v1/auth/login", null, map("username", "zhangsan", "password", "Ldap#Pass-1"));
    assertThat(res.status()).isEqualTo(503);
    assertThat(res.text("code")).isEqualTo("sso.ldap_unavailable");
    assertThat(adminToken()).isNotBlank();
    assertThat(api.get("/api/v1/auth/providers", null).json().get("ldap").asBoolean()).isTrue();
    var sync = api.post("/api/v1/sso/ldap/sync", adminToken(), map());
    assertThat(sync.status()).isEqualTo(503);
  }
}
