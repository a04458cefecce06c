package io.jingzhi.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the gateway makes of the answers of a model server that behaves unlike the simulator: a wrong upstream key,
 * a refusal naming its parameter, no usage, a first chunk whose text is "error", a stream that breaks off; and
 * what the registry and {@code /v1/models} make of names. The upstream is a small scripted HTTP server: the last
 * user message says what it does.
 */
class UpstreamAnswersIT extends ServerIT {

  private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
      .build();
  private static ServerSocket upstream;
  /** HANG requests: when ({@link System#nanoTime()}) the gateway dropped the upstream connection, by token. */
  private static final Map<String, Long> HANGUPS = new java.util.concurrent.ConcurrentHashMap<>();
  private static long project;
  private static long app;
  private String admin;
  private String key;

  @BeforeAll
  static void startUpstream() throws IOException {
    upstream = new ServerSocket(0);
    Thread.ofVirtual().start(() -> {
      while (!upstream.isClosed()) {
        try {
          Socket socket = upstream.accept();
          Thread.ofVirtual().start(() -> serve(socket));
        } catch (IOException closed) {
          return;
        }
      }
    });
  }

  @AfterAll
  static void stopUpstream() throws IOException {
    upstream.close();
  }

  @BeforeEach
  void setUp() {
    admin = adminToken();
    if (!api.get("/api/v1/models", admin).body().contains("\"scripted-chat\"")) {
      var created = api.post("/api/v1/models", admin, map("name", "scripted-chat", "kind", "chat", "simulated", true,
          "aliases", List.of("scripted-latest"), "endpoints", List.of(map("url",
              "http://127.0.0.1:" + upstream.getLocalPort() + "/v1"))));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      project = api.post("/api/v1/projects", admin, map("code", "up-it", "name", "上游测试", "org_id", 1)).id();
      app = api.post("/api/v1/projects/" + project + "/apps", admin, map("code", "up-app", "name", "应用")).id();
    }
    key = api.post("/api/v1/projects/" + project + "/apps/" + app + "/keys", admin, map("name", "k" + System.nanoTime(),
        "models", List.of("scripted-latest"))).text("key");
  }

  private io.jingzhi.server.support.TestApi.Res chat(String what, boolean stream) {
    Map<String, Object> body = map("model", "scripted-chat", "stream", stream,
        "messages", List.of(map("role", "user", "content", what)));
    if (stream) {
      body.put("stream_options", map("include_usage", true));
    }
    return api.post("/v1/chat/completions", key, body);
  }

  @Test
  void aWrongUpstreamKeyIsTheOperatorsProblemNotTheClients() {
    var res = chat("ERR401", false);
    assertThat(res.status()).as("the client's own key is fine: %s", res).isEqualTo(502);
    assertThat(res.json().at("/error/code").asString()).isEqualTo("upstream_misconfigured");
    assertThat(res.json().at("/error/message").asString()).contains("HTTP 401").contains("Incorrect API key");
  }

  @Test
  void anUpstreamRefusalOfTheRequestKeepsItsParamAndCode() {
    var res = chat("ERR400", false);
    assertThat(res.status()).as(res.toString()).isEqualTo(400);
    assertThat(res.json().at("/error/param").asString()).isEqualTo("foo");
    assertThat(res.json().at("/error/code").asString()).isEqualTo("bad_foo");
    assertThat(res.json().at("/error/message").asString()).isEqualTo("foo is not allowed");
  }

  @Test
  void aServersOwnRefusalIsRecordedAsAnErrorNotAsRejectedBeforeTheModel() throws InterruptedException {
    String requestId = chat("ERR400", false).header("X-Request-Id");
    String status = null;
    long deadline = System.currentTimeMillis() + 15_000;
    while (status == null && System.currentTimeMillis() < deadline) {
      status = jdbc.sql("select status from gw_usage where request_id = :r").param("r", requestId)
          .query(String.class).optional().orElse(null);
      Thread.sleep(100);
    }
    assertThat(status).isEqualTo("error");
  }

  @Test
  void withoutUsageFromTheServerTheClientGetsThePlatformsCount() {
    var plain = chat("NOUSAGE 你好", false);
    assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
    assertThat(plain.json().at("/usage/completion_tokens").asInt()).isPositive();
    assertThat(plain.json().at("/usage/total_tokens").asInt()).isEqualTo(plain.json().at("/usage/prompt_tokens")
        .asInt() + plain.json().at("/usage/completion_tokens").asInt());
    var streamed = chat("NOUSAGE 你好", true);
    List<String> data = streamed.body().lines().filter(l -> l.startsWith("data: ")).toList();
    assertThat(data.getLast()).isEqualTo("data: [DONE]");
    assertThat(data.get(data.size() - 2)).as("usage chunk before [DONE]: %s", streamed).contains("\"usage\"")
        .contains("\"completion_tokens\":");
  }

  @Test
  void aFirstChunkThatSaysErrorIsAnAnswer() {
    var res = chat("FIRSTERR", true);
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    assertThat(content(res)).startsWith("error");
    assertThat(res.body()).contains("data: [DONE]").doesNotContain("upstream_stream_broken");
  }

  @Test
  void aBrokenStreamKeepsTheTextThatCameBeforeTheErrorEvent() {
    var res = chat("BREAK", true);
    assertThat(content(res)).as("%s", res).contains("第一段回答");
    assertThat(res.body()).contains("upstream_stream_broken").doesNotContain("data: [DONE]");
  }

  private static String content(io.jingzhi.server.support.TestApi.Res res) {
    return String.join("", res.body().lines().filter(l -> l.startsWith("data: {") && l.contains("content"))
        .map(l -> JSON.readTree(l.substring(6)).at("/choices/0/delta/content").asString("")).toList());
  }

  @Test
  void aFallbackIsRecordedUnderTheModelThatServedIt() throws InterruptedException {
    String dead = "dead-" + System.nanoTime();
    try (ServerSocket closed = new ServerSocket(0)) {
      int port = closed.getLocalPort();
      closed.close();
      api.post("/api/v1/models", admin, map("name", dead, "kind", "chat", "simulated", true,
          "fallbacks", List.of("scripted-chat"), "endpoints", List.of(map("url", "http://127.0.0.1:" + port + "/v1"))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    var res = api.post("/v1/chat/completions", admin, map("model", dead, "messages",
        List.of(map("role", "user", "content", "ECHO 回退"))));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    long deadline = System.currentTimeMillis() + 15_000;
    String requestId = res.header("X-Request-Id");
    String model = null;
    while (System.currentTimeMillis() < deadline && model == null) {
      model = jdbc.sql("select model from gw_usage where request_id = :r").param("r", requestId).query(String.class)
          .optional().orElse(null);
      Thread.sleep(100);
    }
    assertThat(model).as("usage of request %s", requestId).isEqualTo("scripted-chat");
  }

  private long recorded(String model) {
    return jdbc.sql("select count(*) from gw_usage where model = :m").param("m", model).query(Long.class).single();
  }

  @Test
  void aCallRefusedForItsParametersIsStillRecorded() throws InterruptedException {
    String model = "refused-" + System.nanoTime();
    var res = api.post("/v1/chat/completions", key, map("model", model, "temperature", "abc",
        "messages", List.of(map("role", "user", "content", "x"))));
    assertThat(res.status()).isEqualTo(400);
    long deadline = System.currentTimeMillis() + 15_000;
    while (recorded(model) == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(jdbc.sql("select status from gw_usage where model = :m").param("m", model).query(String.class)
        .single()).isEqualTo("rejected");
    // A body that is no JSON names no model: still a record, with an empty model.
    long before = recorded("");
    var unreadable = api.raw("POST", "/v1/chat/completions", key, "application/json", "{\"model\": ");
    assertThat(unreadable.status()).isEqualTo(400);
    while (recorded("") == before && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(recorded("")).isEqualTo(before + 1);
  }

  @Test
  void namesAreTheRegistrysOwnAndRetrievableThroughV1() {
    var again = api.post("/api/v1/models", admin, map("name", "scripted-chat", "kind", "chat",
        "endpoints", List.of(map("url", "http://127.0.0.1:1/v1"))));
    assertThat(again.status()).as("no silent overwrite: %s", again).isEqualTo(409);
    assertThat(again.json().get("code").asString()).isEqualTo("model.name_taken");
    assertThat(api.get("/api/v1/models", admin).body()).contains(":" + upstream.getLocalPort() + "/v1");
    var reserved = api.post("/api/v1/models", admin, map("name", "app/not-an-app", "kind", "chat",
        "endpoints", List.of(map("url", "http://127.0.0.1:1/v1"))));
    assertThat(reserved.status()).isEqualTo(400);

    // A key scoped by the alias lists the model and may call it by either name.
    assertThat(api.get("/v1/models", key).body()).contains("\"scripted-chat\"");
    assertThat(chat("ECHO 你好", false).status()).isEqualTo(200);
    var one = api.get("/v1/models/scripted-chat", key);
    assertThat(one.status()).as(one.toString()).isEqualTo(200);
    assertThat(one.json().get("id").asString()).isEqualTo("scripted-chat");
    assertThat(one.json().get("object").asString()).isEqualTo("model");
    var none = api.get("/v1/models/bge-small-zh-v1.5", key);
    assertThat(none.status()).as("outside the key's scope").isEqualTo(404);
    assertThat(none.json().at("/error/code").asString()).isEqualTo("model_not_found");
  }

  @Test
  void aStreamWhoseFirstTokenIsLateStartsEarlyAndKeepsOneId() {
    var res = chat("SLOW 你好", true);
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    assertThat(res.body()).as("kept alive while the model thinks").startsWith(": waiting for the model\n\n");
    String produceId = JSON.readTree(res.header("AIGC")).get("ProduceID").asString();
    assertThat(produceId).startsWith("chatcmpl-jz-");
    List<tools.jackson.databind.JsonNode> chunks = res.body().lines().filter(l -> l.startsWith("data: {"))
        .map(l -> JSON.readTree(l.substring(6))).toList();
    assertThat(chunks).isNotEmpty().allSatisfy(c -> assertThat(c.get("id").asString()).isEqualTo(produceId));
    assertThat(chunks.getFirst().at("/aigc/ProduceID").asString()).isEqualTo(produceId);
    assertThat(content(res)).isEqualTo("第一段回答，完毕。");
    assertThat(res.body()).endsWith("data: [DONE]\n\n");
  }

  @Test
  void aFailureAfterTheStreamStartedIsAnErrorEvent() throws InterruptedException {
    var res = chat("SLOWDROP", true);
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    assertThat(res.body()).startsWith(": waiting for the model").doesNotContain("[DONE]");
    var error = res.body().lines().filter(l -> l.startsWith("data: {")).map(l -> JSON.readTree(l.substring(6)))
        .filter(n -> n.has("error")).findFirst().orElseThrow();
    assertThat(error.at("/error/code").asString()).isEqualTo("upstream_unavailable");
    assertThat(error.at("/error/type").asString()).isEqualTo("api_error");
    assertThat(usage(res.header("X-Request-Id"), "status || ' ' || http_status")).isEqualTo("error 503");
  }

  /**
   * HANG: the model server sends its headers at once (vLLM, SGLang); HANGHEAD: only with the first token (the JDK's
   * HTTP server, so the simulator): the gateway is then still waiting for the response, not reading its body.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"HANG", "HANGHEAD"})
  void aClientThatLeavesBeforeTheFirstTokenStopsTheModel(String script) throws Exception {
    String token = "t" + System.nanoTime();
    long cancelledBefore = cancelledCalls();
    byte[] body = JSON.writeValueAsBytes(map("model", "scripted-chat", "stream", true,
        "messages", List.of(map("role", "user", "content", script + " " + token))));
    long left;
    try (Socket client = new Socket("127.0.0.1", port)) {
      OutputStream out = client.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      Thread.sleep(300); // the request is with the model, which thinks for 15 s
      left = System.nanoTime();
    }
    long deadline = System.currentTimeMillis() + 15_000;
    while (!HANGUPS.containsKey(token) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(HANGUPS).as("the gateway dropped the upstream request").containsKey(token);
    long afterMs = (HANGUPS.get(token) - left) / 1_000_000;
    // Found at the second keep-alive comment (1 s after the first at 1 s), not when the model would have answered.
    assertThat(afterMs).as("ms from the client leaving to the upstream request's end").isLessThan(5_000);
    deadline = System.currentTimeMillis() + 15_000;
    while (cancelledCalls() == cancelledBefore && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(cancelledCalls()).as("metered as cancelled by the client").isEqualTo(cancelledBefore + 1);
  }

  private long cancelledCalls() {
    return jdbc.sql("select count(*) from gw_usage where model = 'scripted-chat' and status = 'cancelled'"
        + " and http_status = 499").query(Long.class).single();
  }

  /** A column expression of the usage record of a request, once written. */
  private String usage(String requestId, String expression) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      var value = jdbc.sql("select " + expression + " from gw_usage where request_id = :r").param("r", requestId)
          .query(String.class).optional();
      if (value.isPresent()) {
        return value.get();
      }
      Thread.sleep(100);
    }
    return null;
  }

  /** One HTTP exchange of the scripted upstream, then the connection closes. */
  private static void serve(Socket socket) {
    try (socket) {
      var in = socket.getInputStream();
      int length = 0;
      for (String line = headerLine(in); !line.isEmpty(); line = headerLine(in)) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).strip());
        }
      }
      String request = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      if (!request.contains("\"messages\"")) {
        respond(out, 200, "application/json", "{\"object\":\"list\",\"data\":[]}");
        return;
      }
      boolean stream = request.contains("\"stream\":true");
      if (request.contains("HANGHEAD ")) {
        hang(socket, request.replaceAll("(?s).*HANGHEAD (\\w+).*", "$1"));
        return;
      }
      if (request.contains("ERR401")) {
        respond(out, 401, "application/json", "{\"error\":{\"message\":\"Incorrect API key provided\","
            + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
      } else if (request.contains("ERR400")) {
        respond(out, 400, "application/json", "{\"error\":{\"message\":\"foo is not allowed\","
            + "\"type\":\"invalid_request_error\",\"param\":\"foo\",\"code\":\"bad_foo\"}}");
      } else if (!stream) {
        String usage = request.contains("NOUSAGE") ? ""
            : ",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}";
        respond(out, 200, "application/json", "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"好的，这是回答。\"},\"finish_reason\":\"stop\"}]" + usage + "}");
      } else {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (request.contains("HANG ")) {
          hang(socket, request.replaceAll("(?s).*HANG (\\w+).*", "$1"));
          return;
        }
        if (request.contains("SLOW")) {
          sleep(1_800); // longer than the gateway's keep-alive wait (1 s)
        }
        if (request.contains("SLOWDROP")) {
          return; // the connection closes before the first token
        }
        String first = request.contains("FIRSTERR") ? "error" : "第一段回答，";
        event(out, "{\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"content\":\"" + first + "\"}}]}");
        if (request.contains("BREAK")) {
          return; // the connection closes mid-answer
        }
        event(out, "{\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"完毕。\"},\"finish_reason\":\"stop\"}]}");
        if (!request.contains("NOUSAGE")) {
          event(out, "{\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[],"
              + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}");
        }
        event(out, "[DONE]");
      }
    } catch (IOException e) {
      // the gateway hung up
    }
  }

  /** Thinks for up to 15 s without a word; notes when the gateway hangs up. */
  private static void hang(Socket socket, String token) throws IOException {
    socket.setSoTimeout(15_000);
    try {
      while (socket.getInputStream().read() >= 0) {
        // nothing more is sent on this connection
      }
    } catch (java.net.SocketTimeoutException stillThere) {
      return;
    } catch (IOException reset) {
      // the gateway dropped the connection
    }
    HANGUPS.put(token, System.nanoTime());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String headerLine(java.io.InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private static void respond(OutputStream out, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + bytes.length
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.write(bytes);
    out.flush();
  }

  private static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
