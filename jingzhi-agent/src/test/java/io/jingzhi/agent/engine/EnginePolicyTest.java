package io.jingzhi.agent.engine;

import static io.jingzhi.agent.engine.TestEngines.engine;
import static io.jingzhi.agent.engine.TestEngines.request;
import static io.jingzhi.agent.engine.TestEngines.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.engine.TestEngines.Recorder;
import io.jingzhi.agent.engine.TestEngines.Scripted;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Per-node policies (timeout, retries, fallback, error branch) and cancellation. */
class EnginePolicyTest {

  private static String oneNode(String policy) {
    return """
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start}
          - {id: work, type: probe, policy: %s}
          - {id: done, type: end, config: {outputs: {value: work.value}}}
        edges:
          - {source: start, target: work}
          - {source: work, target: done}
        """.formatted(policy);
  }

  @Test
  void aRetryableFailureIsRetriedUntilItSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    Scripted scripted = new Scripted().on("work", c -> {
      if (calls.incrementAndGet() < 3) {
        throw new NodeFailure("http.status_503", "busy", true);
      }
      return NodeResult.of(Map.of("value", "ok"));
    });
    WorkflowEngine engine = engine(scripted);
    Recorder recorder = new Recorder();

    RunOutcome outcome = engine.run(engine.compile(yaml(oneNode("{retries: 2, retry_interval_ms: 1}"))),
        request(1, Map.of()), recorder);

    assertThat(outcome.status()).isEqualTo("succeeded");
    assertThat(outcome.outputs()).containsEntry("value", "ok");
    assertThat(recorder.trace("work").attempts()).isEqualTo(3);
    assertThat(recorder.trace("work").errorCode()).isEqualTo("http.status_503");
  }

  @Test
  void aFailureThatIsNotRetryableIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    Scripted scripted = new Scripted().on("work", c -> {
      calls.incrementAndGet();
      throw new NodeFailure("database.read_only", "writes are refused", false);
    });
    WorkflowEngine engine = engine(scripted);

    RunOutcome outcome = engine.run(engine.compile(yaml(oneNode("{retries: 5}"))), request(2, Map.of()),
        RunListener.NONE);

    assertThat(outcome.status()).isEqualTo("failed");
    assertThat(outcome.errorCode()).isEqualTo("database.read_only");
    assertThat(outcome.failedNodeId()).isEqualTo("work");
    assertThat(calls).hasValue(1);
  }

  @Test
  void anUnexpectedExceptionIsRetriedAndReportedAsUnexpected() {
    AtomicInteger calls = new AtomicInteger();
    Scripted scripted = new Scripted().on("work", c -> {
      calls.incrementAndGet();
      throw new IllegalStateException("boom");
    });
    WorkflowEngine engine = engine(scripted);

    RunOutcome outcome = engine.run(engine.compile(yaml(oneNode("{retries: 1}"))), request(3, Map.of()),
        RunListener.NONE);

    assertThat(outcome.errorCode()).isEqualTo("node.unexpected");
    assertThat(outcome.errorMessage()).contains("boom");
    assertThat(calls).hasValue(2);
  }

  @Test
  void anAttemptPastItsTimeoutIsInterruptedAndTheFallbackIsUsed() {
    CountDownLatch interrupted = new CountDownLatch(1);
    Scripted scripted = new Scripted().on("work", c -> {
      try {
        new CountDownLatch(1).await(); // never released: only the timeout ends it
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
      return NodeResult.of(Map.of());
    });
    WorkflowEngine engine = engine(scripted);
    Recorder recorder = new Recorder();

    RunOutcome outcome = engine.run(engine.compile(yaml(oneNode(
        "{timeout_ms: 20, on_error: fallback, fallback: {value: 兜底}}"))), request(4, Map.of()), recorder);

    assertThat(outcome.status()).isEqualTo("succeeded");
    assertThat(outcome.outputs()).containsEntry("value", "兜底");
    assertThat(recorder.status("work")).isEqualTo("fallback");
    assertThat(recorder.trace("work").errorCode()).isEqualTo("node.timeout");
    assertThat(awaitQuietly(interrupted)).as("the stuck attempt was interrupted").isTrue();
  }

  @Test
  void aFailureWithOnErrorBranchFollowsTheErrorEdgeWithTheErrorAsOutputs() {
    Scripted scripted = new Scripted().on("work", c -> {
      throw new NodeFailure("http.status_500", "upstream broke", false);
    });
    WorkflowEngine engine = engine(scripted);
    Recorder recorder = new Recorder();
    var compiled = engine.compile(yaml("""
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start}
          - {id: work, type: probe, policy: {on_error: branch}}
          - {id: ok, type: answer, config: {text: "结果 {{work.value}}"}}
          - {id: sorry, type: answer, config: {text: "出错了: {{work.error.code}}"}}
        edges:
          - {source: start, target: work}
          - {source: work, target: ok}
          - {source: work, source_handle: error, target: sorry}
        """));

    RunOutcome outcome = engine.run(compiled, request(5, Map.of()), recorder);

    assertThat(outcome.status()).isEqualTo("succeeded");
    assertThat(outcome.answer()).isEqualTo("出错了: http.status_500");
    assertThat(recorder.status("work")).isEqualTo("error_branch");
    assertThat(recorder.status("ok")).isEqualTo("skipped");
  }

  @Test
  void cancellingByRunIdStopsTheRunAndNodesSeeIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Boolean> sawCancelled = new AtomicReference<>(false);
    Scripted scripted = new Scripted().on("work", c -> {
      started.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        sawCancelled.set(c.cancelled());
        throw e;
      }
      return NodeResult.of(Map.of());
    });
    WorkflowEngine engine = engine(scripted);
    var compiled = engine.compile(yaml(oneNode("{timeout_ms: 3600000}")));
    Recorder recorder = new Recorder();

    Thread canceller = Thread.ofVirtual().start(() -> {
      if (awaitQuietly(started)) {
        engine.cancel(77);
      }
    });
    RunOutcome outcome = engine.run(compiled, request(77, Map.of()), recorder);
    canceller.join();

    assertThat(outcome.status()).isEqualTo("cancelled");
    assertThat(recorder.status("work")).isEqualTo("cancelled");
    assertThat(recorder.started).doesNotContain("done");
    assertThat(sawCancelled.get()).isTrue();
  }

  @Test
  void aStopAskedForBeforeTheEngineSawTheRunIsNotLost() {
    // The run service marks the run to stop, then cancels by run id; when that cancel comes before the engine
    // registered the run, the engine finds the stop on the listener and no node starts.
    Scripted scripted = new Scripted().on("work", c -> NodeResult.of(Map.of()));
    WorkflowEngine engine = engine(scripted);
    var compiled = engine.compile(yaml(oneNode("{timeout_ms: 3600000}")));
    engine.cancel(78);
    Recorder recorder = new Recorder() {
      @Override
      public boolean cancelRequested() {
        return true;
      }
    };

    RunOutcome outcome = engine.run(compiled, request(78, Map.of()), recorder);

    assertThat(outcome.status()).isEqualTo("cancelled");
    assertThat(recorder.started).doesNotContain("work");
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
