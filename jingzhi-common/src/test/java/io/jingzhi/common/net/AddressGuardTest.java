package io.jingzhi.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressGuardTest {

  private static boolean blocked(String literal) throws Exception {
    return AddressGuard.blocked(InetAddress.getByName(literal));
  }

  @Test
  void privateLoopbackLinkLocalAndMetadataAddressesAreRefused() throws Exception {
    for (String a : new String[] {"127.0.0.1", "127.9.9.9", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.100.100.200", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1",
        "::", "fe80::1", "fd00:ec2::254", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::10.0.0.1"}) {
      assertThat(blocked(a)).as(a).isTrue();
    }
  }

  @Test
  void publicAddressesPass() throws Exception {
    for (String a : new String[] {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "114.114.114.114",
        "2400:3200::1", "::ffff:8.8.8.8"}) {
      assertThat(blocked(a)).as(a).isFalse();
    }
  }

  @Test
  void aHostIsJudgedByTheAddressesItResolvesTo() {
    assertThat(AddressGuard.refusal("localhost")).contains("localhost resolves to");
    assertThat(AddressGuard.refusal("127.0.0.1")).contains("127.0.0.1");
    assertThat(AddressGuard.refusal("93.184.216.34")).isNull();
  }
}
