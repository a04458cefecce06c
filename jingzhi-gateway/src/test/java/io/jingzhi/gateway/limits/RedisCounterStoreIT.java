package io.jingzhi.gateway.limits;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The counter store contract on the local Redis; with {@code REQUIRE_SERVICES=true} a missing Redis fails it. */
class RedisCounterStoreIT extends CounterStoreContract {

  @BeforeAll
  static void requireRedis() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 1000);
    } catch (IOException e) {
      if ("true".equalsIgnoreCase(System.getenv("REQUIRE_SERVICES"))) {
        throw new AssertionError("Redis is not reachable at 127.0.0.1:6379 but REQUIRE_SERVICES=true");
      }
      Assumptions.abort("Redis is not reachable at 127.0.0.1:6379; skipping");
    }
  }

  @Override
  protected CounterStore create(TestClock clock) {
    return new RedisCounterStore("redis://127.0.0.1:6379/0", "jingzhi-test", Duration.ofSeconds(2), clock);
  }
}
