package io.jingzhi.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.Services;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Node SDK ({@code openai} on npm) against the real server: models, chat with and without
 * streaming, usage, embeddings and the SDK's error classes. The checks live in {@code src/test/sdk}
 * ({@code node --test}); this test starts the simulator, registers the model, issues a key and runs them.
 * Without {@code node} it is skipped, unless {@code REQUIRE_SERVICES=true}.
 */
public class OpenAiSdkIT extends ServerIT {

  static final Path SDK_DIR = Path.of("src/test/sdk");
  static Simulator sim;
  /** A model whose first token takes longer than the gateway's keep-alive wait (1 s). */
  static Simulator slow;

  @BeforeAll
  static void startSimulator() throws IOException {
    sim = Simulator.start(new SimulatorConfig(20, 2, 8, 0, 0, true, true, 16, List.of("sim-chat")), 0);
    slow = Simulator.start(new SimulatorConfig(2500, 2, 8, 0, 0, true, true, 16, List.of("sim-chat")), 0);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
    slow.close();
  }

  @Test
  void officialSdkWorksUnchanged() throws Exception {
    requireNode();
    String admin = adminToken();
    var created = api.post("/api/v1/models", admin, map("name", "sdk-chat", "kind", "chat", "simulated", true,
        "endpoints", List.of(map("url", sim.baseUrl(), "upstream_model", "sim-chat"))));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(api.post("/api/v1/models", admin, map("name", "sdk-slow", "kind", "chat", "simulated", true,
        "endpoints", List.of(map("url", slow.baseUrl(), "upstream_model", "sim-chat")))).status()).isEqualTo(201);
    assertThat(api.post("/api/v1/models", admin, map("name", "sdk-timeout", "kind", "chat", "simulated", true,
        "endpoints", List.of(map("url", slow.baseUrl(), "upstream_model", "sim-chat",
            "first_token_timeout_ms", 1800)))).status()).isEqualTo(201);
    long project = api.post("/api/v1/projects", admin, map("code", "sdk-it", "name", "SDK 检查", "org_id", 1)).id();
    long app = api.post("/api/v1/projects/" + project + "/apps", admin, map("code", "sdk-app", "name", "SDK")).id();
    String key = api.post("/api/v1/projects/" + project + "/apps/" + app + "/keys", admin,
        map("name", "sdk", "models", List.of("sdk-chat", "sdk-slow", "sdk-timeout", "bge-small-zh-v1.5"))).text("key");

    Run sdk = runSdk("openai-sdk.test.mjs", Map.of(
        "BASE_URL", "http://127.0.0.1:" + port + "/v1", "API_KEY", key, "MODEL", "sdk-chat",
        "EMBED_MODEL", "bge-small-zh-v1.5", "SLOW_MODEL", "sdk-slow", "TIMEOUT_MODEL", "sdk-timeout"));
    assertThat(sdk.exit()).as("node --test openai-sdk.test.mjs:%n%s", sdk.output()).isZero();
    assertThat(sdk.output()).contains("# fail 0");
  }

  /** Runs one SDK check file with {@code node --test}, installing the SDK first when needed. */
  public static Run runSdk(String file, Map<String, String> env) throws IOException, InterruptedException {
    if (!Files.isDirectory(SDK_DIR.resolve("node_modules/openai"))) {
      Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
      assertThat(install.exit()).as("npm ci in %s:%n%s", SDK_DIR, install.output()).isZero();
    }
    return run(List.of("node", "--test", file), env, 300);
  }

  public static void requireNode() {
    boolean present;
    try {
      present = run(List.of("node", "--version"), Map.of(), 30).exit() == 0;
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    if (!present && Services.required()) {
      throw new AssertionError("node is not on the PATH but REQUIRE_SERVICES=true");
    }
    Assumptions.assumeTrue(present, "node is not on the PATH; skipping (set REQUIRE_SERVICES=true to fail instead)");
  }

  public record Run(int exit, String output) {}

  private static Run run(List<String> command, Map<String, String> env, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("jingzhi-sdk-", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(SDK_DIR.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    return new Run(done ? p.exitValue() : -1, output);
  }
}
