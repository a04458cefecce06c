package io.jingzhi.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAI-compatible API end to end: real server, real HTTP, the project's model simulator upstream. */
class OpenAiApiIT extends ServerIT {

  static Simulator sim;
  static Simulator sim2;
  String admin;
  String key;

  @BeforeAll
  static void startSimulators() throws Exception {
    SimulatorConfig config = new SimulatorConfig(20, 2, 8, 0, 0, true, true, 16, List.of("sim-chat", "sim-embed"));
    sim = Simulator.start(config, 0);
    sim2 = Simulator.start(config, 0);
  }

  @AfterAll
  static void stopSimulators() {
    sim.close();
    sim2.close();
  }

  @BeforeEach
  void setUp() {
    admin = adminToken();
    if (api.get("/api/v1/models", admin).body().contains("\"sim-chat\"")) {
      key = api.post("/api/v1/projects/1/apps/1/keys", admin, map("name", "k" + System.nanoTime(),
          "models", List.of("sim-chat", "flaky-chat", "broken-chat", "drip-chat", "idle-chat"))).text("key");
      return;
    }
    var created = api.post("/api/v1/models", admin, map("name", "sim-chat", "kind", "chat", "family", "Simulated",
        "simulated", true, "aliases", List.of("sim-latest"),
        "endpoints", List.of(map("url", sim.baseUrl(), "api_key", "upstream-secret"))));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.body()).doesNotContain("upstream-secret").contains("\"has_api_key\":true");
    long project = api.post("/api/v1/projects", admin, map("code", "gw-it", "name", "网关测试", "org_id", 1)).id();
    long app = api.post("/api/v1/projects/" + project + "/apps", admin, map("code", "gw-app", "name", "应用")).id();
    assertThat(project).isEqualTo(1);
    assertThat(app).isEqualTo(1);
    key = api.post("/api/v1/projects/1/apps/1/keys", admin, map("name", "gw-key",
        "models", List.of("sim-chat", "flaky-chat", "broken-chat", "drip-chat", "idle-chat"))).text("key");
  }

  @Test
  void listsOnlyTheModelsTheKeyMayUse() {
    JsonNode models = api.get("/v1/models", key).json();
    assertThat(models.get("object").asString()).isEqualTo("list");
    assertThat(models.get("data").valueStream().map(m -> m.get("id").asString())).contains("sim-chat")
        .doesNotContain("bge-small-zh-v1.5");
    assertThat(api.get("/v1/models", admin).body()).contains("bge-small-zh-v1.5");
  }

  @Test
  void completesAChatAndReportsUsage() {
    var res = api.post("/v1/chat/completions", key, map("model", "sim-latest", "messages",
        List.of(map("role", "user", "content", "你好")), "temperature", 0.2, "unknown_field", "passed through"));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    JsonNode body = res.json();
    assertThat(body.get("object").asString()).isEqualTo("chat.completion");
    assertThat(body.get("model").asString()).isEqualTo("sim-latest");
    assertThat(body.at("/choices/0/message/content").asString()).isNotBlank();
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(8);
  }

  @Test
  void streamsServerSentEventsEndingWithDone() {
    var res = api.post("/v1/chat/completions", key, map("model", "sim-chat", "stream", true,
        "messages", List.of(map("role", "user", "content", "hello"))));
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.header("Content-Type")).startsWith("text/event-stream");
    List<String> data = res.body().lines().filter(l -> l.startsWith("data: ")).toList();
    assertThat(data.getLast()).isEqualTo("data: [DONE]");
    assertThat(res.body()).doesNotContain("\"usage\""); // the gateway asked for usage; the client did not
    var withUsage = api.post("/v1/chat/completions", key, map("model", "sim-chat", "stream", true,
        "stream_options", map("include_usage", true), "messages", List.of(map("role", "user", "content", "hi"))));
    assertThat(withUsage.body()).contains("\"completion_tokens\":8");
  }

  @Test
  void answersErrorsInOpenAiShape() {
    var notAllowed = api.post("/v1/chat/completions", key, map("model", "bge-small-zh-v1.5",
        "messages", List.of(map("role", "user", "content", "x"))));
    assertThat(notAllowed.status()).isEqualTo(404);
    assertThat(notAllowed.json().at("/error/code").asString()).isEqualTo("model_not_found");
    var malformed = api.raw("POST", "/v1/chat/completions", key, "application/json", "{\"model\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().at("/error/type").asString()).isEqualTo("invalid_request_error");
    var missing = api.post("/v1/chat/completions", key, map("messages", List.of(map("role", "user", "content", "x"))));
    assertThat(missing.json().at("/error/param").asString()).isEqualTo("model");
    var badType = api.post("/v1/chat/completions", key, map("model", "sim-chat", "stream", "yes",
        "messages", List.of(map("role", "user", "content", "x"))));
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.json().at("/error/param").asString()).isEqualTo("stream");
    var outOfRange = api.post("/v1/chat/completions", key, map("model", "sim-chat", "temperature", 5,
        "messages", List.of(map("role", "user", "content", "x"))));
    assertThat(outOfRange.json().at("/error/message").asString()).as("a range, not a type").contains("between 0 and 2")
        .doesNotContain("type");
    var numericModel = api.post("/v1/chat/completions", key, map("model", 123,
        "messages", List.of(map("role", "user", "content", "x"))));
    assertThat(numericModel.json().at("/error/message").asString()).contains("expected a string");
    var tools = api.post("/v1/chat/completions", key, map("model", "sim-chat", "tools", "x",
        "messages", List.of(map("role", "user", "content", "x"))));
    assertThat(tools.status()).isEqualTo(400);
    assertThat(tools.json().at("/error/param").asString()).isEqualTo("tools");
    var noKey = api.get("/v1/models", "sk-jz-not-a-key");
    assertThat(noKey.status()).isEqualTo(401);
    assertThat(noKey.json().at("/error/code").asString()).isEqualTo("invalid_api_key");
    var huge = api.raw("POST", "/v1/chat/completions", key, "application/json", "x".repeat(3_000_000));
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.json().at("/error/type").asString()).isEqualTo("invalid_request_error");
  }

  @Test
  void aChatBodyThatCannotBeReadIsRefusedInOpenAiShape() {
    String chat = "/v1/chat/completions";
    for (String broken : List.of("{\"model\": ", "", "{'model': 'sim-chat'}", "not json")) {
      var res = api.raw("POST", chat, key, "application/json", broken);
      assertThat(res.status()).as("body <%s>: %s", broken, res).isEqualTo(400);
      assertThat(res.json().at("/error/code").asString()).isEqualTo("invalid_json");
      assertThat(res.json().at("/error/type").asString()).isEqualTo("invalid_request_error");
    }
    var array = api.raw("POST", chat, key, "application/json", "[1, 2]");
    assertThat(array.status()).isEqualTo(400);
    assertThat(array.json().at("/error/message").asString()).isEqualTo("The request body must be a JSON object.");
    // 415, 405 and 404 are decided by Spring MVC before a /v1 handler is chosen: still OpenAI's error shape.
    var text = api.raw("POST", chat, key, "text/plain", "{\"model\": \"sim-chat\"}");
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.json().at("/error/code").asString()).as(text.toString()).isEqualTo("unsupported_media_type");
    assertThat(text.json().at("/error/type").asString()).isEqualTo("invalid_request_error");
    var wrongMethod = api.get(chat, key);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.json().at("/error/code").asString()).as(wrongMethod.toString())
        .isEqualTo("method_not_allowed");
    assertThat(wrongMethod.json().at("/error/message").asString()).contains("POST");
    var unknown = api.post("/v1/chat/complete", key, map("model", "sim-chat"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().at("/error/code").asString()).as(unknown.toString()).isEqualTo("unknown_url");
    var platform = api.get("/api/v1/no-such-thing", adminToken());
    assertThat(platform.status()).isEqualTo(404);
    assertThat(platform.body()).as("other paths keep problem details").contains("\"status\":404")
        .doesNotContain("\"error\":{");
    byte[] huge = ("{\"model\":\"sim-chat\",\"x\":\"" + "a".repeat(3_000_000) + "\"}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    var chunked = api.chunked("POST", chat, key, "application/json", huge);
    assertThat(chunked.status()).as("a chunked body over the limit: %s", chunked).isEqualTo(413);
    assertThat(chunked.json().at("/error/code").asString()).isEqualTo("request_too_large");
    // A declared charset other than Unicode is decoded as declared.
    byte[] gbk = "{\"model\":\"sim-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"你好\"}]}"
        .getBytes(java.nio.charset.Charset.forName("GBK"));
    var declared = api.chunked("POST", chat, key, "application/json;charset=GBK", gbk);
    assertThat(declared.status()).as(declared.toString()).isEqualTo(200);
    assertThat(declared.json().at("/object").asString()).isEqualTo("chat.completion");
  }

  @Test
  void failsOverToAHealthyReplicaBeforeTheFirstByte() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    api.post("/api/v1/models", admin, map("name", "flaky-chat", "kind", "chat", "simulated", true,
        "endpoints", List.of(map("url", "http://127.0.0.1:" + deadPort + "/v1", "upstream_model", "sim-chat"),
            map("url", sim2.baseUrl(), "upstream_model", "sim-chat"))));
    for (int i = 0; i < 12; i++) {
      var res = api.post("/v1/chat/completions", key, map("model", "flaky-chat", "stream", i % 2 == 0,
          "messages", List.of(map("role", "user", "content", "第" + i + "次"))));
      assertThat(res.status()).as(res.toString()).isEqualTo(200);
    }
  }

  @Test
  void endsABrokenStreamWithAnErrorEventNotDone() throws Exception {
    try (Simulator broken = Simulator.start(new SimulatorConfig(5, 2, 10, 0, 1.0, true, true, 16,
        List.of("sim-chat")), 0)) {
      api.post("/api/v1/models", admin, map("name", "broken-chat", "kind", "chat", "simulated", true,
          "endpoints", List.of(map("url", broken.baseUrl(), "upstream_model", "sim-chat"))));
      var res = api.post("/v1/chat/completions", key, map("model", "broken-chat", "stream", true,
          "messages", List.of(map("role", "user", "content", "x"))));
      assertThat(res.body()).contains("upstream_stream_broken").doesNotContain("[DONE]");
    }
  }

  @Test
  void aStreamThatGoesSilentIsCutAtTheIdleTimeout() throws Exception {
    // The first token comes at once, the next only after 5 s: the stream-idle timeout (400 ms) ends it with an
    // error event, not a clean-looking [DONE].
    try (Simulator slow = Simulator.start(new SimulatorConfig(5, 5000, 10, 0, 0, true, true, 16,
        List.of("sim-chat")), 0)) {
      api.post("/api/v1/models", admin, map("name", "idle-chat", "kind", "chat", "simulated", true,
          "endpoints", List.of(map("url", slow.baseUrl(), "upstream_model", "sim-chat", "idle_timeout_ms", 400))));
      var res = api.post("/v1/chat/completions", key, map("model", "idle-chat", "stream", true,
          "messages", List.of(map("role", "user", "content", "x"))));
      assertThat(res.body()).contains("upstream_stream_broken").contains("stream idle timeout")
          .doesNotContain("[DONE]");
    }
  }

  @Test
  void aNonStreamingAnswerThatDripsIsCutAtTheTotalTimeout() throws Exception {
    // An upstream that sends its headers at once and then one byte of body every 100 ms: each read is quick, so
    // only a deadline over the whole call ends it. Without one the client would wait for 100,000 bytes.
    try (ServerSocket server = new ServerSocket(0)) {
      Thread.ofVirtual().start(() -> drip(server));
      api.post("/api/v1/models", admin, map("name", "drip-chat", "kind", "chat", "simulated", true,
          "endpoints", List.of(map("url", "http://127.0.0.1:" + server.getLocalPort() + "/v1",
              "upstream_model", "sim-chat", "total_timeout_ms", 1500))));
      var res = api.post("/v1/chat/completions", key, map("model", "drip-chat",
          "messages", List.of(map("role", "user", "content", "x"))));
      assertThat(res.status()).as(res.toString()).isEqualTo(503);
      assertThat(res.json().at("/error/code").asString()).isEqualTo("upstream_unavailable");
      assertThat(res.json().at("/error/message").asString()).contains("total timeout");
      assertThat(res.header("Retry-After")).as("worth a retry").isEqualTo("1");
    }
  }

  private static void drip(ServerSocket server) {
    while (!server.isClosed()) {
      try (java.net.Socket socket = server.accept()) {
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
            java.nio.charset.StandardCharsets.ISO_8859_1));
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          // the request's headers; its body is not needed
        }
        var out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (int i = 0; i < 100_000; i++) {
          out.write(' ');
          out.flush();
          Thread.sleep(100);
        }
      } catch (java.io.IOException | InterruptedException e) {
        // the gateway hung up (what the test wants) or the test ended
      }
    }
  }

  @Test
  void aClientThatGoesAwayStopsTheUpstream() throws Exception {
    long before = sim.stats().cancelledStreams();
    HttpClient http = HttpClient.newHttpClient();
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .header("X-Sim-Tokens", "500")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim-chat\",\"stream\":true,\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"long\"}]}")).build();
    sim.configure(sim.config().withTiming(5, 20, 400));
    try (InputStream in = http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body()) {
      assertThat(in.read(new byte[256])).isPositive();
    } finally {
      http.shutdownNow();
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (sim.stats().cancelledStreams() == before && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    sim.configure(sim.config().withTiming(20, 2, 8));
    assertThat(sim.stats().cancelledStreams()).isGreaterThan(before);
  }

  @Test
  void embedsWithTheInProcessChineseModel() {
    var res = api.post("/v1/embeddings", admin, map("model", "bge-small-zh-v1.5",
        "input", List.of("公积金提取需要哪些材料", "住房公积金怎么取")));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    JsonNode data = res.json().get("data");
    assertThat(data.size()).isEqualTo(2);
    assertThat(data.get(0).get("embedding").size()).isEqualTo(512);
    double dot = 0;
    for (int i = 0; i < 512; i++) {
      dot += data.get(0).get("embedding").get(i).asDouble() * data.get(1).get("embedding").get(i).asDouble();
    }
    assertThat(dot).as("related questions are close").isGreaterThan(0.6);
    assertThat(res.json().at("/usage/prompt_tokens").asInt()).isPositive();
    // Its own dimension may be asked for; a shorter one is refused, never cut (bge is not trained for that).
    assertThat(api.post("/v1/embeddings", admin, map("model", "bge-small-zh-v1.5", "input", "x", "dimensions", 512))
        .status()).isEqualTo(200);
    var shorter = api.post("/v1/embeddings", admin, map("model", "bge-small-zh-v1.5", "input", "x", "dimensions", 64));
    assertThat(shorter.status()).isEqualTo(400);
    assertThat(shorter.json().at("/error/param").asString()).isEqualTo("dimensions");
    assertThat(shorter.json().at("/error/message").asString()).contains("512-dimensional");
  }

  @Test
  void embedsWithTheStaticModelDistilledFromBge() {
    assertThat(api.get("/v1/models", admin).json().get("data").valueStream().map(m -> m.get("id").asString()))
        .contains("bge-small-zh-v1.5-static");
    List<String> input = List.of("公积金提取需要哪些材料", "今天天气怎么样", "住房公积金提取要带什么材料");
    var res = api.post("/v1/embeddings", admin, map("model", "bge-small-zh-v1.5-static", "input", input));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    assertThat(res.json().get("model").asString()).isEqualTo("bge-small-zh-v1.5-static");
    JsonNode data = res.json().get("data");
    double[][] v = new double[3][256];
    for (int t = 0; t < 3; t++) {
      assertThat(data.get(t).get("embedding").size()).isEqualTo(256);
      for (int i = 0; i < 256; i++) {
        v[t][i] = data.get(t).get("embedding").get(i).asDouble();
      }
    }
    assertThat(dot(v[0], v[0])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(dot(v[0], v[2])).as("related questions are close").isGreaterThan(dot(v[0], v[1]));
    assertThat(res.json().at("/usage/prompt_tokens").asInt()).isPositive();
  }

  @Test
  void embedsWithTheQuantisedInProcessModelListedBesideTheFp32One() {
    assertThat(api.get("/v1/models", admin).json().get("data").valueStream().map(m -> m.get("id").asString()))
        .contains("bge-small-zh-v1.5", "bge-small-zh-v1.5-q");
    List<String> input = List.of("公积金提取需要哪些材料", "今天天气怎么样", "住房公积金怎么取");
    var q = api.post("/v1/embeddings", admin, map("model", "bge-small-zh-v1.5-q", "input", input));
    var fp32 = api.post("/v1/embeddings", admin, map("model", "bge-small-zh-v1.5", "input", input));
    assertThat(q.status()).as(q.toString()).isEqualTo(200);
    assertThat(q.json().get("model").asString()).isEqualTo("bge-small-zh-v1.5-q");
    JsonNode data = q.json().get("data");
    assertThat(data.size()).isEqualTo(3);
    double[][] v = new double[3][512];
    double[][] f = new double[3][512];
    for (int t = 0; t < 3; t++) {
      assertThat(data.get(t).get("index").asInt()).isEqualTo(t);
      assertThat(data.get(t).get("embedding").size()).isEqualTo(512);
      for (int i = 0; i < 512; i++) {
        v[t][i] = data.get(t).get("embedding").get(i).asDouble();
        f[t][i] = fp32.json().get("data").get(t).get("embedding").get(i).asDouble();
      }
    }
    assertThat(dot(v[0], v[0])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(dot(v[0], v[2])).as("related questions are close").isGreaterThan(dot(v[0], v[1]));
    // Another model than the fp32 one (not the same vectors under a second name), yet close to it.
    assertThat(dot(v[0], f[0])).isBetween(0.9, 0.99999);
  }

  private static double dot(double[] a, double[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d;
  }

  @Test
  void reranksThroughARelayedServer() {
    if (!api.get("/api/v1/models", admin).body().contains("\"sim-rerank\"")) {
      api.post("/api/v1/models", admin, map("name", "sim-rerank", "kind", "rerank", "simulated", true,
          "endpoints", List.of(map("url", sim.baseUrl()))));
    }
    var res = api.post("/v1/rerank", admin, map("model", "sim-rerank", "query", "公积金提取",
        "documents", List.of("今天天气晴", "住房公积金提取办法", "社保卡补办"), "top_n", 2));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    JsonNode results = res.json().get("results");
    assertThat(results.size()).isEqualTo(2);
    assertThat(results.get(0).get("index").asInt()).isEqualTo(1);
    var wrongKind = api.post("/v1/rerank", admin, map("model", "sim-chat", "query", "x", "documents", List.of("y")));
    assertThat(wrongKind.status()).isEqualTo(400);
    assertThat(wrongKind.json().at("/error/param").asString()).isEqualTo("model");
    assertThat(wrongKind.json().at("/error/message").asString()).contains("is a chat model");
    var embeddingForChat = api.post("/v1/chat/completions", admin, map("model", "bge-small-zh-v1.5",
        "messages", List.of(message("x"))));
    assertThat(embeddingForChat.status()).isEqualTo(400);
    assertThat(embeddingForChat.json().at("/error/message").asString()).contains("is an embedding model");
  }

  static Map<String, Object> message(String text) {
    return Map.of("role", "user", "content", text);
  }
}
