package io.jingzhi.server.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides whether tests against a local service (PostgreSQL, Redis, MariaDB) run. Locally a missing service
 * skips them; with {@code REQUIRE_SERVICES=true} (CI) a missing service fails them.
 */
public final class Services {

  private Services() {}

  public static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("REQUIRE_SERVICES"));
  }

  public static void require(String name, String host, int port) {
    if (reachable(host, port)) {
      return;
    }
    String message = name + " is not reachable at " + host + ":" + port;
    if (required()) {
      throw new AssertionError(message + " but REQUIRE_SERVICES=true");
    }
    Assumptions.abort(message + "; skipping (set REQUIRE_SERVICES=true to fail instead)");
  }

  public static boolean reachable(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
