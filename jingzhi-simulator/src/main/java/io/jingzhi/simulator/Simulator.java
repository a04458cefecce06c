package io.jingzhi.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible model server that SIMULATES a model (vLLM, SGLang, MindIE, Ollama and commercial APIs
 * speak the same protocol): configurable time to first token, inter-token delay, output length, failures and
 * usage reporting. It generates placeholder text, never real answers. One virtual thread per request, so a
 * single process serves thousands of concurrent streams.
 *
 * <p>Run: {@code java -jar jingzhi-simulator.jar --port 9000 --ttft-ms 200 --itl-ms 40 --tokens 64}
 * ({@code --help} lists every flag, {@link CommandLine}).
 */
public final class Simulator implements AutoCloseable {

  /** The JDK HTTP server's switch for TCP_NODELAY on accepted connections. */
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  /** The JDK HTTP server's limit of idle keep-alive connections (default 200, read once per JVM). */
  static final String MAX_IDLE = "sun.net.httpserver.maxIdleConnections";

  static final JsonMapper JSON = JsonMapper.builder().build();

  static {
    // The JDK's HTTP server leaves Nagle's algorithm on unless told otherwise (read once per JVM, when its first
    // server starts). A token event is a small segment: with Nagle each waits for the ACK of the one before, the
    // client delays that ACK (40 ms on Linux) and events arrive in pairs and bunches, so the inter-token latency a
    // client measures is not the configured one. vLLM and SGLang (uvicorn on asyncio) and Go servers set
    // TCP_NODELAY on every connection; so does the simulator. Integration tests start the JVM with the flag
    // (failsafe, root pom), as another JDK server in the same JVM may start before the first simulator.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
    // Beyond 200 idle keep-alive connections the JDK server closes every connection a response has just been
    // written on, while the client has already put it back in its pool: with 200 streams through a gateway and 200
    // straight to the simulator, clients met closed pooled connections by the hundred. Model servers (uvicorn, Go)
    // have no such limit; they close idle connections after a keep-alive timeout, which pools evict before.
    if (System.getProperty(MAX_IDLE) == null) {
      System.setProperty(MAX_IDLE, "20000");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicReference<SimulatorConfig> config;
  private final Stats stats = new Stats();
  private final ChatHandler chat;
  /** Scripted answers keyed by a text the last user message contains, in insertion order ({@link #script}). */
  private final AtomicReference<Map<String, String>> scripts = new AtomicReference<>(Map.of());

  /** Counters a test or an operator can read at {@code GET /sim/stats}. */
  public static final class Stats {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong activeStreams = new AtomicLong();
    final AtomicLong completedStreams = new AtomicLong();
    final AtomicLong cancelledStreams = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong chatRequests = new AtomicLong();
    /** The body of the last chat completion request received, as the simulated model saw it. */
    final AtomicReference<JsonNode> lastChat = new AtomicReference<>();
    /** The body of the last embeddings or rerank request received. */
    final AtomicReference<JsonNode> lastEmbedding = new AtomicReference<>();

    public long requests() {
      return requests.get();
    }

    public long activeStreams() {
      return activeStreams.get();
    }

    public long cancelledStreams() {
      return cancelledStreams.get();
    }

    public long completedStreams() {
      return completedStreams.get();
    }

    /** Chat completion requests received (health checks and other paths not counted). */
    public long chatRequests() {
      return chatRequests.get();
    }

    /** The body of the last chat completion request, or null. */
    public JsonNode lastChatRequest() {
      return lastChat.get();
    }

    /** The body of the last embeddings or rerank request, or null. */
    public JsonNode lastEmbeddingRequest() {
      return lastEmbedding.get();
    }

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("requests", requests.get());
      m.put("active_streams", activeStreams.get());
      m.put("completed_streams", completedStreams.get());
      m.put("cancelled_streams", cancelledStreams.get());
      m.put("failures", failures.get());
      m.put("chat_requests", chatRequests.get());
      return m;
    }
  }

  private Simulator(SimulatorConfig initial, String host, int port) throws IOException {
    this.config = new AtomicReference<>(initial);
    this.server = HttpServer.create(new InetSocketAddress(host, port), 4096);
    this.chat = new ChatHandler(config::get, stats, scripts::get);
    server.setExecutor(executor);
    server.createContext("/", this::route);
    server.start();
  }

  /** Starts a simulator on the given port (0: any free port) of 127.0.0.1. */
  public static Simulator start(SimulatorConfig config, int port) throws IOException {
    return new Simulator(config, "127.0.0.1", port);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public SimulatorConfig config() {
    return config.get();
  }

  public void configure(SimulatorConfig next) {
    config.set(next);
  }

  public Stats stats() {
    return stats;
  }

  /**
   * Makes the simulated model answer {@code reply} (still simulated: one character a token) to every chat request
   * whose last user message contains {@code promptContains}; the first script added that matches wins. For tests
   * and demos of features that need a particular answer (an SQL statement for NL2SQL) where the request cannot
   * carry {@code metadata.sim_reply}.
   */
  public void script(String promptContains, String reply) {
    scripts.updateAndGet(old -> {
      Map<String, String> next = new LinkedHashMap<>(old);
      next.put(promptContains, reply);
      return java.util.Collections.unmodifiableMap(next);
    });
  }

  /** Forgets every scripted answer. */
  public void clearScripts() {
    scripts.set(Map.of());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private JsonNode seen(JsonNode body) {
    stats.lastEmbedding.set(body);
    return body;
  }

  private void route(HttpExchange ex) throws IOException {
    stats.requests.incrementAndGet();
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    try {
      switch (method + " " + path) {
        case "GET /v1/models" -> sendJson(ex, 200, models());
        case "POST /v1/chat/completions" -> chat.handle(ex, readJson(ex));
        case "POST /v1/embeddings" -> sendJson(ex, 200, Embeddings.respond(seen(readJson(ex)), config.get()));
        case "POST /v1/rerank", "POST /rerank" -> sendJson(ex, 200, Embeddings.rerank(seen(readJson(ex))));
        case "GET /health" -> sendJson(ex, 200, Map.of("status", "ok", "simulated", true));
        case "GET /sim/config" -> sendJson(ex, 200, config.get());
        case "PUT /sim/config" -> {
          config.set(JSON.readValue(ex.getRequestBody(), SimulatorConfig.class));
          sendJson(ex, 200, config.get());
        }
        case "GET /sim/stats" -> sendJson(ex, 200, stats.asMap());
        case "GET /sim/scripts" -> sendJson(ex, 200, scripts.get());
        case "PUT /sim/scripts" -> {
          Map<String, String> next = new LinkedHashMap<>();
          readJson(ex).properties().forEach(e -> next.put(e.getKey(), e.getValue().asString("")));
          scripts.set(java.util.Collections.unmodifiableMap(next));
          sendJson(ex, 200, scripts.get());
        }
        default -> sendError(ex, 404, "not_found", "Unknown path " + path);
      }
    } catch (BadRequest e) {
      sendError(ex, 400, "invalid_request_error", e.getMessage(), e.param());
    } catch (IOException e) {
      // the client went away; nothing to answer
    } catch (RuntimeException e) {
      sendError(ex, 500, "server_error", "simulator failure: " + e.getMessage());
    } finally {
      ex.close(); // after the catch blocks, which may still answer
    }
  }

  private Map<String, Object> models() {
    List<Map<String, Object>> data = config.get().models().stream()
        .map(id -> Map.<String, Object>of("id", id, "object", "model", "created", 0, "owned_by", "jingzhi-simulator"))
        .toList();
    return Map.of("object", "list", "data", data);
  }

  /** Thrown for requests the simulator refuses like a real server would. */
  static final class BadRequest extends RuntimeException {
    private final String param;

    BadRequest(String message) {
      this(message, null);
    }

    /** A request refused for one field, named in the error's {@code param} as OpenAI does. */
    BadRequest(String message, String param) {
      super(message);
      this.param = param;
    }

    /** The request field at fault, or null. */
    String param() {
      return param;
    }
  }

  static JsonNode readJson(HttpExchange ex) throws IOException {
    try {
      return JSON.readTree(ex.getRequestBody());
    } catch (tools.jackson.core.JacksonException e) {
      throw new BadRequest("request body is not valid JSON");
    }
  }

  static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("X-Simulated", "true");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  static void sendError(HttpExchange ex, int status, String type, String message) {
    sendError(ex, status, type, message, null);
  }

  /** An error in OpenAI's shape; {@code param} names the request field at fault (null: none). */
  static void sendError(HttpExchange ex, int status, String type, String message, String param) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("type", type);
    error.put("param", param);
    error.put("code", status);
    try {
      sendJson(ex, status, Map.of("error", error));
    } catch (IOException | RuntimeException ignored) {
      // headers already sent or client gone
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Serves until the JVM stops. {@code --help} prints the usage and exits 0; a bad command line prints one line on
   * standard error and exits {@value CommandLine.UsageError#STATUS}; an address it cannot listen on exits 1.
   */
  public static void main(String[] args) throws InterruptedException {
    CommandLine.Run run;
    try {
      if (!(CommandLine.parse(args) instanceof CommandLine.Run r)) {
        System.out.print(CommandLine.usage());
        return;
      }
      run = r;
    } catch (CommandLine.UsageError e) {
      System.err.println(e.line());
      System.exit(CommandLine.UsageError.STATUS);
      return;
    }
    Simulator sim;
    try {
      sim = new Simulator(run.config(), run.host(), run.port());
    } catch (IOException e) {
      System.err.println("jingzhi-simulator: cannot listen on " + run.host() + ":" + run.port() + ": " + e);
      System.exit(1);
      return;
    }
    System.out.println("Jingzhi model SIMULATOR (not a real model) listening on http://" + run.host() + ":"
        + sim.port() + "/v1 with " + run.config());
    Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
    Thread.currentThread().join();
  }
}
