package io.jingzhi.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Predicate;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The DNS of the outbound clients a tenant configures ({@link GuardedHttpClient}): a host name is resolved once,
 * every address is judged, and the connection is made to exactly the addresses that passed, because Apache
 * HttpClient asks this resolver when it opens the connection. A host whose DNS answer changes between a
 * pre-check and the connection (DNS rebinding) is therefore judged on the answer it is connected with.
 */
public final class GuardedResolver implements DnsResolver {

  /** Where a name's addresses come from: the system's DNS, or a test's fake one. */
  @FunctionalInterface
  public interface Dns {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final GuardedResolver SYSTEM = new GuardedResolver(InetAddress::getAllByName, AddressGuard::blocked);
  private static final GuardedResolver OPEN = new GuardedResolver(InetAddress::getAllByName, address -> false);
  private static final GuardedResolver INTRANET = new GuardedResolver(InetAddress::getAllByName,
      InetAddress::isLinkLocalAddress);

  private final Dns dns;
  private final Predicate<InetAddress> blocked;

  /** {@code blocked}: the addresses refused; {@link AddressGuard#blocked} outside tests. */
  public GuardedResolver(Dns dns, Predicate<InetAddress> blocked) {
    this.dns = dns;
    this.blocked = blocked;
  }

  /** The system's DNS, refusing what {@link AddressGuard#blocked} refuses. */
  public static GuardedResolver system() {
    return SYSTEM;
  }

  /**
   * The system's DNS refusing only link-local addresses (169.254.0.0/16, fe80::/10: cloud metadata services, never
   * a department's server): the operator allowed private networks for imports from the intranet.
   */
  public static GuardedResolver intranet() {
    return INTRANET;
  }

  /** The system's DNS refusing nothing: the operator allowed private networks. */
  public static GuardedResolver open() {
    return OPEN;
  }

  /** The checked addresses of a host; {@link AddressRefusedException} when any of them is refused. */
  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] addresses = dns.resolve(host);
    for (InetAddress address : addresses) {
      if (blocked.test(address)) {
        throw new AddressRefusedException(host + " resolves to " + address.getHostAddress()
            + ", a private, loopback or link-local address");
      }
    }
    return addresses;
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    return host; // no reverse lookups: TLS and Host stay with the name the tenant configured
  }

  /**
   * Why the host may not be reached, or null (also when it does not resolve: the request then fails with
   * "unknown host"). An early, clear answer before a request; the connection itself is judged again.
   */
  public String refusal(String host) {
    try {
      resolve(host);
      return null;
    } catch (AddressRefusedException e) {
      return e.getMessage();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
