package io.jingzhi.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Drives the portal in headless Chromium (Playwright, {@code jingzhi-web/e2e}) against this real server: log
 * in, create an org, a user and an API key, find the audit entries; the model service pages; the security guardrail
 * pages as the security administrator; the knowledge hub (create a base, upload a document, wait until it is ready,
 * retrieval test); the agent pages (build a workflow on the canvas, see a validation error on a node, debug-run,
 * publish, find it in the catalog, chat) when {@link #AGENT_FLOW} is on. Screenshots land in
 * {@code jingzhi-server/target/e2e-artifacts}. Without Chromium the test is skipped, unless
 * {@code REQUIRE_BROWSER=true} (CI), where it fails.
 */
class PortalE2EIT extends ServerIT {

  private static final Path WEB = Path.of("..", "jingzhi-web").toAbsolutePath().normalize();

  /** The agent flow ({@code e2e/agent.e2e.mjs}) against the agent backend; a switch to isolate it when debugging. */
  private static final boolean AGENT_FLOW = true;

  @Test
  void portalFlowsWorkInTheBrowser() throws Exception {
    String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
    boolean required = "true".equalsIgnoreCase(System.getenv("REQUIRE_BROWSER"));
    if (!new File(chromium).canExecute() || !Files.isDirectory(WEB.resolve("node_modules/playwright-core"))) {
      String why = "Chromium (" + chromium + ") or playwright-core (npm ci in jingzhi-web) is missing";
      assertThat(required).as(why + " but REQUIRE_BROWSER=true").isFalse();
      Assumptions.abort(why);
    }
    Path artifacts = Path.of("target", "e2e-artifacts").toAbsolutePath();
    Files.createDirectories(artifacts);
    ProcessBuilder pb = new ProcessBuilder("node", "--test", "e2e/").directory(WEB.toFile()).inheritIO();
    pb.environment().put("BASE_URL", "http://127.0.0.1:" + port);
    pb.environment().put("ADMIN_USER", "admin");
    pb.environment().put("ADMIN_PASSWORD", ADMIN_PASSWORD);
    pb.environment().put("AUDIT_USER", "auditor");
    pb.environment().put("AUDIT_PASSWORD", ADMIN_PASSWORD);
    pb.environment().put("SECADMIN_USER", "secadmin");
    pb.environment().put("SECADMIN_PASSWORD", ADMIN_PASSWORD);
    pb.environment().put("CHROMIUM_PATH", chromium);
    pb.environment().put("E2E_ARTIFACTS", artifacts.toString());
    // the agent flow's chat model points at the project's model simulator (not a model), started for this test
    try (Simulator sim = Simulator.start(new SimulatorConfig(5, 1, 16, 0, 0, true, true, 16, List.of("e2e-agent")), 0)) {
      pb.environment().put("E2E_AGENT", AGENT_FLOW ? "1" : "0");
      pb.environment().put("SIMULATOR_URL", sim.baseUrl());
      pb.environment().put("SIMULATOR_MODEL", "e2e-agent");
      Process process = pb.start();
      boolean finished = process.waitFor(10, TimeUnit.MINUTES);
      if (!finished) {
        process.destroyForcibly();
      }
      assertThat(finished).as("browser tests finished in time").isTrue();
      assertThat(process.exitValue()).as("browser tests passed (see output above and " + artifacts + ")").isZero();
    }
  }
}

