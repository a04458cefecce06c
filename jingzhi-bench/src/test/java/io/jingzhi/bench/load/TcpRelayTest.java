package io.jingzhi.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bare relay must pass streams through unchanged, keep connections alive and pass on a closed upstream. */
class TcpRelayTest {

  private Simulator sim;

  @BeforeEach
  void start() throws Exception {
    sim = Simulator.start(SimulatorConfig.defaults().withTiming(20, 2, 6), 0);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void streamsPassThroughUnchangedOnReusedConnections(boolean virtual) throws Exception {
    try (TcpRelay relay = new TcpRelay(0, new InetSocketAddress("127.0.0.1", sim.port()), virtual)) {
      var client = new NioStreamClient("http://127.0.0.1:" + relay.port() + "/v1", null, "sim-chat", 0,
          Duration.ofSeconds(10));
      List<StreamOutcome> outcomes = new CopyOnWriteArrayList<>();
      client.run(3, 12, Long.MAX_VALUE, Duration.ZERO, new Histogram(60_000_000L, 2), outcomes::add, null);

      assertThat(outcomes).hasSize(12).allSatisfy(o -> {
        assertThat(o.error()).isNull();
        assertThat(o.tokens()).isEqualTo(6);
        assertThat(o.usageTokens()).isEqualTo(6);
        assertThat(o.ttftNanos()).isGreaterThanOrEqualTo(20_000_000L);
      });
      assertThat(sim.stats().chatRequests()).isEqualTo(12);
      assertThat(client.connectionsOpened()).isEqualTo(3); // keep-alive survives the relay
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aClientSeesTheEndWhenTheUpstreamIsGone(boolean virtual) throws Exception {
    try (TcpRelay relay = new TcpRelay(0, new InetSocketAddress("127.0.0.1", sim.port()), virtual);
        Socket socket = new Socket("127.0.0.1", relay.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes()); // returns only when the relay passes the upstream's close on
      assertThat(answer).startsWith("HTTP/1.1 200").contains("sim-chat");
    }
  }
}
