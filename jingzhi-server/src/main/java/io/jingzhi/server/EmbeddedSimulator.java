package io.jingzhi.server;

import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * For demos on the embedded default: starts the project's model SIMULATOR (not a model) inside the platform
 * when {@code JINGZHI_SIMULATOR_PORT} is set, so the demo's simulated chat model answers without any other
 * process. Off by default.
 */
@Component
class EmbeddedSimulator implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedSimulator.class);

  private final Simulator simulator;

  EmbeddedSimulator(@Value("${jingzhi.simulator.port:0}") int port) {
    if (port <= 0) {
      simulator = null;
      return;
    }
    try {
      simulator = Simulator.start(new SimulatorConfig(200, 40, 64, 0, 0, true, true, 64,
          List.of("sim-chat", "sim-embedding", "sim-rerank")), port);
      log.info("Model SIMULATOR (not a real model) serving {} for demos", simulator.baseUrl());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the model simulator on port " + port, e);
    }
  }

  @Override
  public void destroy() {
    if (simulator != null) {
      simulator.close();
    }
  }
}
