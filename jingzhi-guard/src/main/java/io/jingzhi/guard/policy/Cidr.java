package io.jingzhi.guard.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address range ({@code 10.0.0.0/8}, {@code fd00::/8}) or a single address. */
record Cidr(byte[] network, int prefix) {

  // Only literal addresses: InetAddress would otherwise look a host name up in DNS.
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  /** Parses {@code address[/prefix]}; empty when it is not a literal address with a fitting prefix length. */
  static Optional<Cidr> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      return Optional.empty();
    }
    int prefix = bytes.length * 8;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      if (!p.matches("\\d{1,3}")) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(p);
      if (prefix > bytes.length * 8) {
        return Optional.empty();
      }
    }
    return Optional.of(new Cidr(bytes, prefix));
  }

  boolean contains(String ip) {
    byte[] a = literal(ip);
    if (a == null || a.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xFF << (8 - rest) & 0xFF;
    return (a[full] & mask) == (network[full] & mask);
  }

  private static boolean ipv4(String address) {
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  static byte[] literal(String address) {
    if (address == null || address.isEmpty() || address.length() > 45 || !LITERAL.matcher(address).matches()
        || (!address.contains(":") && !ipv4(address))) {
      return null;
    }
    try {
      byte[] bytes = InetAddress.getByName(address).getAddress();
      return bytes;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
