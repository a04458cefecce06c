package io.jingzhi.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A simulator started on a free port for each test (no delays, six tokens an answer), and a client for it. */
abstract class RunningSimulator {

  protected Simulator sim;
  protected final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    sim = Simulator.start(SimulatorConfig.defaults().withTiming(0, 0, 6), 0);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  /** POSTs {@code body} to {@code path}; {@code headers} are name, value pairs. */
  protected HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
