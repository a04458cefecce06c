package io.jingzhi.agent.engine;

import io.jingzhi.agent.AgentProperties;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run in progress (or one resumed stretch of it): what all its graph levels share — the request, listener,
 * variable pool, step count, the answer so far, token usage, cancellation and a run-wide failure.
 */
final class Execution {

  final AgentProperties.Engine settings;
  final ScheduledExecutorService timers;
  final CompiledDefinition workflow;
  final RunRequest request;
  final RunListener listener;
  final VariablePool pool;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicInteger steps;
  private final StringBuilder answer;
  private final ReentrantLock answerLock = new ReentrantLock();
  private TokenUsage usage;
  private volatile NodeOutcome runFailure;
  private volatile Map<String, Object> endOutputs = Map.of();
  private final Set<GraphRun> active = ConcurrentHashMap.newKeySet();

  Execution(AgentProperties.Engine settings, ScheduledExecutorService timers, CompiledDefinition workflow,
      RunRequest request, RunListener listener, VariablePool pool, int steps, String answer, TokenUsage usage) {
    this.settings = settings;
    this.timers = timers;
    this.workflow = workflow;
    this.request = request;
    this.listener = listener == null ? RunListener.NONE : listener;
    this.pool = pool;
    this.steps = new AtomicInteger(steps);
    this.answer = new StringBuilder(answer);
    this.usage = usage;
  }

  long runId() {
    return request.info() == null ? 0 : request.info().runId();
  }

  /** Counts one node execution; false (and the run fails) once the run's step budget is spent. */
  boolean step() {
    if (steps.incrementAndGet() > settings.maxSteps()) {
      fail(NodeOutcome.failed("run.max_steps", "the run made more than " + settings.maxSteps()
          + " node executions (jingzhi.agent.engine.max-steps)"));
      return false;
    }
    return true;
  }

  int steps() {
    return Math.min(steps.get(), settings.maxSteps());
  }

  /** Fails the whole run (not only the graph level where it happened). */
  void fail(NodeOutcome failure) {
    if (runFailure == null) {
      runFailure = failure;
    }
    active.forEach(GraphRun::wake);
  }

  NodeOutcome runFailure() {
    return runFailure;
  }

  void cancel() {
    cancelled.set(true);
    active.forEach(GraphRun::wake);
  }

  boolean cancelled() {
    return cancelled.get();
  }

  /** No more nodes start: cancelled, or failed run-wide. */
  boolean stopped() {
    return cancelled.get() || runFailure != null;
  }

  void register(GraphRun run) {
    active.add(run);
  }

  void unregister(GraphRun run) {
    active.remove(run);
  }

  /** Appends to the answer and streams the piece, in one order for all branches. */
  void answer(CharSequence delta) {
    if (delta == null || delta.isEmpty()) {
      return;
    }
    // A lock rather than synchronized: the listener may write to a socket, and virtual threads must not pin.
    answerLock.lock();
    try {
      String text = delta.toString();
      answer.append(text);
      listener.answerDelta(text);
    } finally {
      answerLock.unlock();
    }
  }

  String answer() {
    answerLock.lock();
    try {
      return answer.toString();
    } finally {
      answerLock.unlock();
    }
  }

  synchronized void addUsage(TokenUsage tokens) {
    usage = usage.plus(tokens);
  }

  synchronized TokenUsage usage() {
    return usage;
  }

  void endOutputs(Map<String, Object> outputs) {
    endOutputs = outputs;
  }

  Map<String, Object> endOutputs() {
    return endOutputs;
  }
}
