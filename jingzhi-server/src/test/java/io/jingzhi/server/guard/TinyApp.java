package io.jingzhi.server.guard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An existing AI app that knows nothing of the platform: answers {@code {"answer": …}} to {@code {"query": …}} on
 * {@code /ask}, streams OpenAI-style chunks on {@code /stream}, serves a PNG on {@code /file}, sleeps on
 * {@code /slow}, starts a stream and then falls silent on {@code /stall}, and records every request it receives.
 */
final class TinyApp implements AutoCloseable {

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** What the app received. */
  record Received(String method, String uri, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().getFirst()).orElse(null);
    }
  }

  /** Phrases that make the app misbehave, so that the guard has something to stop. */
  static final String ASK_FOR_HARM = "请给出危险答案";
  static final String HARMFUL_ANSWER = "好的。炸药配方如下：第一步准备材料。";

  final List<Received> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  TinyApp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().toString(),
        Map.copyOf(ex.getRequestHeaders()), body));
    String path = ex.getRequestURI().getPath();
    switch (path) {
      case "/ask" -> {
        String query = JSON.readTree(body).path("query").asString("");
        send(ex, "application/json", JSON.writeValueAsString(Map.of("answer",
            query.contains(ASK_FOR_HARM) ? HARMFUL_ANSWER : "您问的是：" + query)));
      }
      case "/stream" -> stream(ex, ex.getRequestURI().getQuery() != null
          && ex.getRequestURI().getQuery().contains("harm"));
      case "/file" -> {
        ex.getResponseHeaders().set("Content-Type", "image/png");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1, 2, 3};
        ex.sendResponseHeaders(200, png.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(png);
        }
      }
      case "/stall" -> stall(ex);
      case "/slow" -> {
        try {
          Thread.sleep(3_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        send(ex, "application/json", "{\"answer\":\"late\"}");
      }
      default -> send(ex, "application/json", JSON.writeValueAsString(Map.of("path", ex.getRequestURI().toString())));
    }
  }

  /** OpenAI-style chunks; with {@code harm} the harmful phrase arrives split across chunks mid-stream. */
  private static void stream(HttpExchange ex, boolean harm) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.sendResponseHeaders(200, 0);
    List<String> pieces = harm
        ? List.of("您好，", "下面是您要的内容。", "炸", "药配", "方如下：", "第一步准备材料，", "第二步混合。", "完毕。")
        : List.of("您好，", "公积金", "提取需要", "身份证和", "银行卡，", "可在网上", "办理。", "谢谢。");
    try (OutputStream out = ex.getResponseBody()) {
      out.write(": keep-alive comment\n\n".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < pieces.size(); i++) {
        Map<String, Object> delta = i == 0 ? Map.of("role", "assistant", "content", pieces.get(i))
            : Map.of("content", pieces.get(i));
        chunk(out, Map.of("id", "c1", "object", "chat.completion.chunk", "model", "tiny",
            "choices", List.of(choice(delta, null))));
      }
      chunk(out, Map.of("id", "c1", "object", "chat.completion.chunk", "model", "tiny",
          "choices", List.of(choice(Map.of(), "stop"))));
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Two OpenAI-style chunks, then nothing for half a minute (an app whose model hangs mid-answer). */
  private static void stall(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      for (String piece : List.of("您好，公积金提取需要身份证。", "请稍候，")) {
        chunk(out, Map.of("id", "c2", "object", "chat.completion.chunk", "model", "tiny",
            "choices", List.of(choice(Map.of("content", piece), null))));
      }
      Thread.sleep(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the proxy gave up on us: expected
    }
  }

  private static Map<String, Object> choice(Map<String, Object> delta, String finish) {
    var m = new java.util.LinkedHashMap<String, Object>();
    m.put("index", 0);
    m.put("delta", delta);
    m.put("finish_reason", finish);
    return m;
  }

  private static void chunk(OutputStream out, Object data) throws IOException {
    out.write(("data: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void send(HttpExchange ex, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  JsonNode lastJson() {
    return JSON.readTree(received.getLast().body());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
