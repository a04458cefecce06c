package io.jingzhi.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The selector-based load client against the real simulator: what it measures must be what the server sent. */
class NioStreamClientTest {

  private Simulator sim;

  @BeforeEach
  void start() throws Exception {
    sim = Simulator.start(SimulatorConfig.defaults().withTiming(30, 5, 12), 0);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private List<StreamOutcome> run(LoadClient client, int concurrency, long requests, Histogram itl) throws Exception {
    List<StreamOutcome> out = new CopyOnWriteArrayList<>();
    client.run(concurrency, requests, Long.MAX_VALUE, Duration.ZERO, itl, out::add, null);
    return out;
  }

  @Test
  void closedLoopStreamsAreCountedAndTimedAsSent() throws Exception {
    var client = new NioStreamClient("http://127.0.0.1:" + sim.port() + "/v1", null, "sim-chat", 0,
        Duration.ofSeconds(10));
    Histogram itl = new Histogram(60_000_000L, 2);
    List<StreamOutcome> outcomes = run(client, 4, 20, itl);

    assertThat(outcomes).hasSize(20).allSatisfy(o -> {
      assertThat(o.error()).isNull();
      assertThat(o.tokens()).isEqualTo(12);
      assertThat(o.usageTokens()).isEqualTo(12);
      assertThat(o.ttftNanos()).isGreaterThanOrEqualTo(30_000_000L);
      assertThat(o.chars()).isPositive();
    });
    assertThat(itl.getTotalCount()).isEqualTo(20 * 11);
    assertThat(itl.getValueAtPercentile(50)).isGreaterThanOrEqualTo(4_000); // microseconds; 5 ms between tokens
    assertThat(sim.stats().chatRequests()).isEqualTo(20);
    // the closed loop reuses its four keep-alive connections instead of opening one per request
    assertThat(client.connectionsOpened()).isEqualTo(4);
  }

  @Test
  void aMaxTokensLimitIsSentToTheServer() throws Exception {
    var client = new NioStreamClient("http://127.0.0.1:" + sim.port() + "/v1", "sk-test", "sim-chat", 5,
        Duration.ofSeconds(10));
    List<StreamOutcome> outcomes = run(client, 2, 4, new Histogram(60_000_000L, 2));

    assertThat(outcomes).hasSize(4).allSatisfy(o -> assertThat(o.tokens()).isEqualTo(5));
    assertThat(sim.stats().lastChatRequest().path("max_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void anHttpErrorIsReportedWithItsStatusAndTheLoopGoesOn() throws Exception {
    var client = new NioStreamClient("http://127.0.0.1:" + sim.port() + "/v1", null, "no-such-model", 0,
        Duration.ofSeconds(10));
    List<StreamOutcome> outcomes = run(client, 2, 6, new Histogram(60_000_000L, 2));

    assertThat(outcomes).hasSize(6).allSatisfy(o -> {
      assertThat(o.error()).startsWith("http-4");
      assertThat(o.started()).isFalse();
    });
  }

  @Test
  void aRefusedConnectionIsAConnectError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    var client = new NioStreamClient("http://127.0.0.1:" + port + "/v1", null, "sim-chat", 0, Duration.ofSeconds(5));
    List<StreamOutcome> outcomes = run(client, 1, 3, new Histogram(60_000_000L, 2));

    assertThat(outcomes).hasSize(3).allSatisfy(o -> assertThat(o.error()).isEqualTo("connect"));
  }
}
