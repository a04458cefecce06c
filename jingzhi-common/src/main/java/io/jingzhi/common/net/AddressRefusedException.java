package io.jingzhi.common.net;

import java.net.UnknownHostException;

/**
 * A host resolved to an address the SSRF guard refuses. An {@link UnknownHostException} because that is what a
 * {@link org.apache.hc.client5.http.DnsResolver} may throw: the HTTP client passes it to the caller unchanged.
 */
public class AddressRefusedException extends UnknownHostException {

  public AddressRefusedException(String message) {
    super(message);
  }
}
