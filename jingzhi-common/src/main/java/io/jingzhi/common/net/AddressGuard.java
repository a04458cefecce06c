package io.jingzhi.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The SSRF guard of outbound requests a tenant configures (the workflow HTTP node, MCP servers, knowledge URL
 * imports): such a request must not reach the platform's own host, its private network or a cloud metadata
 * service. Refused: loopback, unspecified, link-local (169.254.0.0/16 with the
 * metadata address 169.254.169.254, fe80::/10), site-local and unique-local (10/8, 172.16/12, 192.168/16,
 * fc00::/7), carrier-grade NAT (100.64/10, with Alibaba Cloud's metadata 100.100.100.200), multicast and
 * broadcast; IPv4 embedded in IPv6 is judged as IPv4. Every address a host resolves to must pass.
 *
 * <p>{@link #refusal} is an early check by name; it does not stop DNS rebinding (a host whose answer changes between
 * the check and the connection) on its own. The outbound clients therefore connect through
 * {@link GuardedHttpClient}, whose {@link GuardedResolver} applies {@link #blocked} to the very addresses the
 * connection is opened to, on every redirect hop.
 */
public final class AddressGuard {

  private AddressGuard() {}

  /** Why the host may not be reached, or null when every address it resolves to is public (or it is unknown). */
  public static String refusal(String host) {
    return GuardedResolver.system().refusal(host);
  }

  /** True for an address a workflow may not reach. */
  public static boolean blocked(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      InetAddress embedded = embeddedIpv4(b);
      if (embedded != null) {
        return blocked(embedded);
      }
      if ((b[0] & 0xfe) == 0xfc) { // fc00::/7 unique local
        return true;
      }
    }
    if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    if (address instanceof Inet4Address) {
      byte[] b = address.getAddress();
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // this network
          || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT, Alibaba Cloud metadata
          || (first == 198 && (second == 18 || second == 19)) // benchmarking networks
          || first >= 240; // reserved and broadcast
    }
    return false;
  }

  /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d) IPv6 address. */
  private static InetAddress embeddedIpv4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return null;
      }
    }
    boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
    if (!mapped && !compatible) {
      return null;
    }
    try {
      return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
