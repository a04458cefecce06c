package io.jingzhi.gateway.benchmark;

import io.jingzhi.gateway.provider.TokenCounter;
import io.jingzhi.iam.api.DelegatedSessions;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Executes benchmark runs in the background, each on a virtual thread, at most
 * {@link BenchmarkProperties#maxConcurrentRuns()} at once (in the order they were submitted; the others wait
 * queued). Runs do not survive a restart: at start every unfinished run is marked failed.
 */
@Component
class BenchmarkRunner implements ApplicationRunner {

  static final String INTERRUPTED = "interrupted by restart";

  private static final Logger log = LoggerFactory.getLogger(BenchmarkRunner.class);

  private final BenchmarkRepository repository;
  private final DelegatedSessions sessions;
  private final TokenCounter tokens;
  private final JsonMapper json;
  private final Environment environment;
  private final BenchmarkProperties properties;
  private final Clock clock;
  private final Semaphore slots;
  private final Map<Long, BenchmarkExecution> active = new ConcurrentHashMap<>();
  private final ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

  BenchmarkRunner(BenchmarkRepository repository, DelegatedSessions sessions, TokenCounter tokens, JsonMapper json,
      Environment environment, BenchmarkProperties properties, Clock clock) {
    this.repository = repository;
    this.sessions = sessions;
    this.tokens = tokens;
    this.json = json;
    this.environment = environment;
    this.properties = properties;
    this.clock = clock;
    this.slots = new Semaphore(Math.max(1, properties.maxConcurrentRuns()), true);
  }

  @Override
  public void run(ApplicationArguments args) {
    int lost = repository.failUnfinished(INTERRUPTED, clock.instant());
    if (lost > 0) {
      log.warn("{} benchmark run(s) were unfinished when the server stopped; marked failed", lost);
    }
  }

  /** Queues a stored run; it starts when a slot is free. */
  void submit(long id, BenchmarkConfig config, long userId) {
    var execution = new BenchmarkExecution(id, config);
    active.put(id, execution);
    jobs.execute(() -> execute(execution, userId));
  }

  /** Stops a run of this node; false when this node is not executing it. */
  boolean cancel(long id) {
    BenchmarkExecution e = active.get(id);
    if (e == null) {
      return false;
    }
    e.cancel();
    return true;
  }

  /** The live progress of a run of this node. */
  Optional<Double> progress(long id) {
    return Optional.ofNullable(active.get(id)).map(BenchmarkExecution::progress);
  }

  /** Writes progress, enforces the longest duration and notices cancels made through other nodes. */
  @Scheduled(fixedDelayString = "${jingzhi.gateway.benchmark.progress-interval:2s}")
  void tick() {
    if (active.isEmpty()) {
      return;
    }
    Map<Long, String> statuses = repository.statuses(active.keySet());
    for (BenchmarkExecution e : active.values()) {
      if (Benchmark.CANCELLED.equals(statuses.get(e.id))) {
        e.cancel();
      } else if (e.overdue()) {
        e.fail("the run took longer than the longest allowed (" + properties.maxDuration() + ")");
      } else if (Benchmark.RUNNING.equals(statuses.get(e.id))) {
        repository.progress(e.id, e.progress());
      }
    }
  }

  @PreDestroy
  void shutdown() {
    active.values().forEach(e -> e.fail("interrupted by shutdown"));
    jobs.shutdown();
  }

  private void execute(BenchmarkExecution e, long userId) {
    try {
      slots.acquire();
    } catch (InterruptedException interrupted) {
      active.remove(e.id);
      return;
    }
    try {
      if (e.stopped() || !repository.start(e.id, clock.instant())) {
        return; // cancelled while it waited
      }
      e.started(properties.maxDuration());
      measure(e, userId);
      finish(e);
    } catch (RuntimeException failure) {
      log.error("Benchmark {} failed", e.id, failure);
      repository.finish(e.id, Benchmark.FAILED, "internal error: " + failure.getMessage(), e.progress(), null, null,
          clock.instant());
    } finally {
      active.remove(e.id);
      slots.release();
    }
  }

  private void measure(BenchmarkExecution e, long userId) {
    var credential = sessions.issue(userId, properties.maxDuration().plusMinutes(5), "benchmark-" + e.id);
    try {
      String prompt = e.config.promptTokens() != null ? Prompts.synthesize(e.config.promptTokens(), tokens)
          : e.config.prompt();
      ObjectNode body = requestBody(e.config, prompt);
      int estimatedPrompt = tokens.countMessages(body.get("messages"));
      e.run(new LoopbackChat(http, chatUri(), credential.token(), json.writeValueAsBytes(body), e.config.stream(),
          estimatedPrompt, json, "jingzhi-benchmark/" + e.id));
    } finally {
      sessions.revoke(credential);
    }
  }

  private void finish(BenchmarkExecution e) {
    List<Sample> samples = e.samples();
    BenchmarkResults results = samples.isEmpty() ? null
        : BenchmarkStats.results(e.config.requests(), samples, e.durationS(), e.config.slo());
    List<TimelinePoint> timeline = samples.isEmpty() ? null : BenchmarkStats.timeline(samples, e.durationS());
    String status = Benchmark.SUCCEEDED;
    String error = null;
    if (e.cancelled()) {
      status = Benchmark.CANCELLED;
    } else if (e.failure() != null) {
      status = Benchmark.FAILED;
      error = e.failure();
    } else if (results == null || results.completed() == 0) {
      status = Benchmark.FAILED;
      error = "every request failed" + (results == null || results.errors().isEmpty() ? ""
          : ": " + results.errors().keySet().iterator().next());
    }
    repository.finish(e.id, status, error, status.equals(Benchmark.SUCCEEDED) ? 1.0 : e.progress(), results,
        timeline, clock.instant());
  }

  private ObjectNode requestBody(BenchmarkConfig config, String prompt) {
    ObjectNode body = json.createObjectNode();
    body.put("model", config.model());
    body.putArray("messages").addObject().put("role", "user").put("content", prompt);
    body.put("max_tokens", config.maxTokens());
    body.put("temperature", 0);
    body.put("stream", config.stream());
    if (config.stream()) {
      body.putObject("stream_options").put("include_usage", true);
    }
    return body;
  }

  private URI chatUri() {
    String base = properties.baseUrl();
    if (base == null || base.isBlank()) {
      String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
      base = "http://127.0.0.1:" + port + environment.getProperty("server.servlet.context-path", "") + "/v1";
    }
    return URI.create(base.replaceAll("/+$", "") + "/chat/completions");
  }
}
