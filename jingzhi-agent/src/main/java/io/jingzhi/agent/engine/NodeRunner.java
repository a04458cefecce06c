package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.NodePolicy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one node with its policy: attempts with a timeout each (interrupted at the deadline, as the executor
 * contract says), retries with a pause for retryable failures, then
 * fallback outputs, the error branch, or failure. Reports the node to the listener and its trace.
 */
final class NodeRunner {

  private final GraphRun run;

  NodeRunner(GraphRun run) {
    this.run = run;
  }

  /** A node attempt stopped because the run was cancelled or aborted. */
  private static final class Stopped extends Exception {
    Stopped() {
      super(null, null, false, false);
    }
  }

  NodeOutcome run(NodePlan plan, GraphRun.NodeTask task) {
    Execution ex = run.ex;
    String executionId = run.prefix + plan.id();
    ex.listener.nodeStarted(executionId, plan.id(), plan.type(), plan.title());
    Instant startedAt = Instant.now();
    long start = System.nanoTime();
    Map<String, Object> inputs = traceInputs(plan, executionId, task);
    int attempts = 0;
    NodeResult result = null;
    NodeFailure last = null;
    NodeOutcome outcome;
    boolean forwarded = false;
    try {
      while (true) {
        attempts++;
        AttemptContext context = new AttemptContext(run, plan, executionId, System.nanoTime()
            + TimeUnit.MILLISECONDS.toNanos(plan.timeoutMs), task);
        try {
          result = attempt(plan, context, task);
          break;
        } catch (NodeFailure f) {
          last = f;
        }
        forwarded |= context.forwarded();
        // Tokens already streamed into the answer cannot be taken back: another attempt would repeat them.
        if (!last.retryable() || attempts > plan.retries || forwarded) {
          break;
        }
        pause(plan.retryIntervalMs, task);
      }
      outcome = result != null ? success(result) : afterFailure(plan, last);
    } catch (Stopped stopped) {
      outcome = NodeOutcome.cancelled();
    }
    run.completed(plan, outcome);
    if (outcome.waitFor() != null) {
      ex.listener.waiting(plan.id(), outcome.waitFor());
    }
    ex.listener.nodeFinished(new NodeTrace(executionId, plan.id(), plan.type(), plan.title(), outcome.status(),
        inputs, masked(plan, outcome.outputs()), result == null ? Map.of() : result.details(), outcome.handle(),
        attempts, codeOf(outcome, last),
        outcome.errorMessage(), startedAt, (System.nanoTime() - start) / 1000, outcome.usage()));
    return outcome;
  }

  private static String codeOf(NodeOutcome outcome, NodeFailure last) {
    return outcome.errorCode() != null ? outcome.errorCode() : last == null ? null : last.code();
  }

  private NodeResult attempt(NodePlan plan, AttemptContext context, GraphRun.NodeTask task) throws Stopped {
    if (task.aborted() || run.ex.stopped()) {
      throw new Stopped();
    }
    // The attempt runs on this thread; a timer interrupts it at the deadline (cheaper than a thread per attempt).
    Watchdog watchdog = new Watchdog(Thread.currentThread());
    ScheduledFuture<?> timer = run.ex.timers.schedule(watchdog::expire, plan.timeoutMs, TimeUnit.MILLISECONDS);
    try {
      NodeResult result = plan.executor.execute(context);
      watchdog.finish();
      if (result == null) {
        throw new NodeFailure("node.no_result", "the " + plan.type() + " node returned no result", false);
      }
      if (plan.branching && result.waitFor() == null && !plan.handles.contains(result.handle())) {
        // Following no edge would silently skip everything after the node.
        throw new NodeFailure("node.unknown_exit", "the " + plan.type() + " node took exit " + result.handle()
            + ", which it does not declare (" + String.join(", ", plan.handles) + ")", false);
      }
      return result;
    } catch (NodeFailure f) {
      if (watchdog.finish()) {
        throw timeout(plan);
      }
      throw f;
    } catch (Exception e) {
      if (watchdog.finish()) {
        throw timeout(plan);
      }
      if (task.aborted() || run.ex.stopped()) {
        throw new Stopped();
      }
      throw new NodeFailure("node.unexpected", String.valueOf(e), true, e);
    } finally {
      timer.cancel(false);
    }
  }

  private static NodeFailure timeout(NodePlan plan) {
    return new NodeFailure("node.timeout", "no result within " + plan.timeoutMs + " ms", true);
  }

  /**
   * Interrupts an attempt that passes its deadline, exactly once and never after the attempt ended: both sides
   * decide under one lock, so no interrupt leaks into whatever the thread does next.
   */
  private static final class Watchdog {
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean ended;
    private boolean expired;

    Watchdog(Thread thread) {
      this.thread = thread;
    }

    void expire() {
      lock.lock();
      try {
        if (!ended) {
          expired = true;
          thread.interrupt();
        }
      } finally {
        lock.unlock();
      }
    }

    /** Ends the attempt; true when it had timed out (its interrupt is then cleared). */
    boolean finish() {
      lock.lock();
      try {
        ended = true;
        if (expired) {
          Thread.interrupted();
        }
        return expired;
      } finally {
        lock.unlock();
      }
    }
  }

  private static void pause(long millis, GraphRun.NodeTask task) throws Stopped {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new Stopped();
    }
  }

  private static NodeOutcome success(NodeResult r) {
    return new NodeOutcome(r.waitFor() != null ? NodeOutcome.WAITING : NodeOutcome.SUCCEEDED, r.outputs(),
        r.handle(), r.usage(), null, null, r.waitFor());
  }

  private static NodeOutcome afterFailure(NodePlan plan, NodeFailure f) {
    return switch (plan.onError) {
      case NodePolicy.FALLBACK -> new NodeOutcome(NodeOutcome.FALLBACK, plan.fallback, null, TokenUsage.NONE,
          f.code(), f.getMessage(), null);
      case NodePolicy.BRANCH -> {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", f.code());
        error.put("message", f.getMessage());
        yield new NodeOutcome(NodeOutcome.ERROR_BRANCH, Map.of("error", error), NodePolicy.ERROR_HANDLE,
            TokenUsage.NONE, f.code(), f.getMessage(), null);
      }
      default -> NodeOutcome.failed(f.code(), f.getMessage());
    };
  }

  /** The node's config resolved, secrets masked; a config that cannot be resolved is shown as written. */
  private Map<String, Object> traceInputs(NodePlan plan, String executionId, GraphRun.NodeTask task) {
    if (plan.spec.config() == null || !plan.spec.config().isObject()) {
      return Map.of();
    }
    try {
      AttemptContext context = new AttemptContext(run, plan, executionId, System.nanoTime(), task);
      Map<String, Object> inputs = new LinkedHashMap<>();
      plan.spec.config().properties().forEach(e -> inputs.put(e.getKey(),
          Bodies.hasBody(plan.spec) && "body".equals(e.getKey()) ? "(loop body)" : context.resolveMasked(
              e.getValue())));
      return inputs;
    } catch (RuntimeException e) {
      return Map.of("config", Values.plain(plan.spec.config()));
    }
  }

  private static Map<String, Object> masked(NodePlan plan, Map<String, Object> outputs) {
    if (plan.secretOutputs.isEmpty()) {
      return outputs;
    }
    Map<String, Object> copy = new LinkedHashMap<>(outputs);
    plan.secretOutputs.forEach(k -> copy.computeIfPresent(k, (key, v) -> AttemptContext.MASK));
    return copy;
  }
}
