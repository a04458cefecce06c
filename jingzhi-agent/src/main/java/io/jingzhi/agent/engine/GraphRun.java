package io.jingzhi.agent.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;

/**
 * Schedules one graph level of a run (the workflow, or one execution of a loop body) on the calling thread: a node
 * starts once every incoming edge is decided and one of them is followed; a node whose incoming edges are all
 * dead is skipped and its own edges die with it; ready nodes run at once on virtual threads, at most
 * {@code max-parallel} per level. Node threads report back through a queue, so all scheduling state is owned by
 * the scheduling thread; the lock only guards it against answer streams reading it from node threads.
 */
final class GraphRun {

  static final int PENDING = 0;
  static final int QUEUED = 1;
  static final int RUNNING = 2;
  static final int DONE = 3;
  static final int SKIPPED = 4;
  static final int WAITING = 5;
  static final byte UNDECIDED = 0;
  static final byte LIVE = 1;
  static final byte DEAD = 2;
  private static final Object WAKE = new Object();

  /** How a graph level ended. */
  record Result(String status, String errorCode, String errorMessage, String failedNodeId) {}

  /** A node paused for human input. */
  record Waiting(int node, JsonNode form) {}

  private record Done(int node, NodeOutcome outcome) {}

  final Execution ex;
  final Graph graph;
  final VariablePool pool;
  final String prefix;
  final int[] state;
  final byte[] edges;
  final NodeOutcome[] outcomes;
  final ReentrantLock lock = new ReentrantLock();
  final AnswerStreams answers;
  final List<Waiting> waiting = new ArrayList<>();
  private final LinkedBlockingQueue<Object> completions = new LinkedBlockingQueue<>();
  /** Concurrent: a cancel from another thread aborts the running nodes, also one running on this thread. */
  private final Map<Integer, NodeTask> running = new ConcurrentHashMap<>();
  private final ArrayDeque<Integer> ready = new ArrayDeque<>();
  private final NodeRunner runner;
  private TokenUsage usage = TokenUsage.NONE;
  private Result failure;

  GraphRun(Execution ex, Graph graph, VariablePool pool, String prefix) {
    this.ex = ex;
    this.graph = graph;
    this.pool = pool;
    this.prefix = prefix;
    this.state = new int[graph.size()];
    this.edges = new byte[graph.edges.length];
    this.outcomes = new NodeOutcome[graph.size()];
    this.answers = new AnswerStreams(this);
    this.runner = new NodeRunner(this);
  }

  /** Runs until every node is done, skipped or waiting, or the level fails or is cancelled. */
  Result run() {
    ex.register(this);
    boolean interrupted = false;
    try {
      lock.lock();
      try {
        for (int i = 0; i < state.length; i++) {
          if (state[i] == PENDING) {
            if (graph.topology.incoming[i].length == 0) {
              queue(i);
            } else {
              settle(i);
            }
          }
        }
      } finally {
        lock.unlock();
      }
      while (true) {
        if (failure != null || ex.stopped() || interrupted) {
          running.values().forEach(NodeTask::abort);
        } else {
          while (!ready.isEmpty() && running.size() < ex.settings.maxParallel() && !ex.stopped()) {
            int node = ready.poll();
            if (ready.isEmpty() && running.isEmpty()) {
              // The only node to run: run it on this thread, sparing a thread start and a hand-off.
              interrupted |= runHere(node);
            } else {
              launch(node);
            }
          }
        }
        if (running.isEmpty()) {
          break;
        }
        Object next;
        try {
          next = completions.take();
        } catch (InterruptedException e) {
          // The thread running this level was interrupted (its loop node timed out or was cancelled): stop the
          // nodes, then keep draining so none is left behind.
          interrupted = true;
          continue;
        }
        if (next instanceof Done done) {
          finished(done);
        }
      }
    } finally {
      ex.unregister(this);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return result(interrupted);
  }

  private Result result(boolean interrupted) {
    if (failure != null) {
      return failure;
    }
    NodeOutcome runWide = ex.runFailure();
    if (runWide != null) {
      return new Result(NodeOutcome.FAILED, runWide.errorCode(), runWide.errorMessage(), null);
    }
    if (ex.cancelled() || interrupted) {
      return new Result(NodeOutcome.CANCELLED, "run.cancelled", "the run was stopped", null);
    }
    return new Result(waiting.isEmpty() ? NodeOutcome.SUCCEEDED : NodeOutcome.WAITING, null, null, null);
  }

  /** Wakes the scheduling thread so it notices a cancel or run-wide failure. */
  void wake() {
    if (ex.stopped()) {
      running.values().forEach(NodeTask::abort);
    }
    completions.add(WAKE);
  }

  private void launch(int node) {
    if (!ex.step()) {
      ready.addFirst(node);
      return;
    }
    state[node] = RUNNING;
    NodeTask task = new NodeTask(node);
    running.put(node, task);
    Thread.ofVirtual().start(task);
  }

  /** Runs a node on the scheduling thread; true when this thread was interrupted for its own sake meanwhile. */
  private boolean runHere(int node) {
    if (!ex.step()) {
      ready.addFirst(node);
      return false;
    }
    state[node] = RUNNING;
    NodeTask task = new NodeTask(node);
    running.put(node, task);
    task.run();
    // An interrupt left over from aborting the node was meant for the node, not for this level.
    return Thread.interrupted() && !task.aborted();
  }

  private void finished(Done done) {
    running.remove(done.node());
    NodeOutcome o = done.outcome();
    int i = done.node();
    lock.lock();
    try {
      if (o.completed()) {
        outcomes[i] = o;
        state[i] = DONE;
        usage = usage.plus(o.usage());
        decide(i, o.handle(), NodeOutcome.ERROR_BRANCH.equals(o.status()));
      } else if (NodeOutcome.WAITING.equals(o.status())) {
        state[i] = WAITING;
        waiting.add(new Waiting(i, o.waitFor()));
      } else {
        state[i] = DONE;
        if (NodeOutcome.FAILED.equals(o.status()) && failure == null) {
          failure = new Result(NodeOutcome.FAILED, o.errorCode(), o.errorMessage(), graph.plans[i].id());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Decides the outgoing edges of a node that ended, and settles their targets. */
  void decide(int node, String handle, boolean failed) {
    for (int e : graph.topology.outgoing[node]) {
      edges[e] = graph.follows(e, handle, failed) ? LIVE : DEAD;
      settle(graph.topology.target[e]);
    }
  }

  private void settle(int node) {
    if (state[node] != PENDING) {
      return;
    }
    boolean live = false;
    for (int e : graph.topology.incoming[node]) {
      if (edges[e] == UNDECIDED) {
        return;
      }
      live |= edges[e] == LIVE;
    }
    if (live) {
      queue(node);
    } else {
      skip(node);
    }
  }

  private void queue(int node) {
    state[node] = QUEUED;
    ready.add(node);
  }

  private void skip(int node) {
    state[node] = SKIPPED;
    answers.skipped(node);
    NodePlan plan = graph.plans[node];
    ex.listener.nodeFinished(new NodeTrace(prefix + plan.id(), plan.id(), plan.type(), plan.title(),
        NodeOutcome.SKIPPED, Map.of(), Map.of(), Map.of(), null, 0, null, null, null, 0, TokenUsage.NONE));
    for (int e : graph.topology.outgoing[node]) {
      edges[e] = DEAD;
      settle(graph.topology.target[e]);
    }
  }

  /** Puts the values a person submitted as the outputs of a node that waited, and follows its edges. */
  void resumeNode(int node, Map<String, Object> outputs) {
    NodeOutcome o = new NodeOutcome(NodeOutcome.SUCCEEDED, outputs, null, TokenUsage.NONE, null, null, null);
    completed(graph.plans[node], o);
    lock.lock();
    try {
      outcomes[node] = o;
      state[node] = DONE;
      decide(node, null, false);
    } finally {
      lock.unlock();
    }
  }

  /** A node's streamed text: to the listener, and to answer nodes that forward it (then true). */
  boolean emit(int node, String executionId, String delta) {
    ex.listener.nodeDelta(executionId, delta);
    return answers.emit(node, delta);
  }

  /** Called on the node's thread before its completion is queued: values become visible, answers advance. */
  void completed(NodePlan plan, NodeOutcome outcome) {
    if (!outcome.completed()) {
      return;
    }
    pool.put(plan.id(), outcome.outputs());
    lock.lock();
    try {
      // Ended as soon as its values are visible, so answers may render them before the scheduler catches up.
      state[plan.index] = DONE;
    } finally {
      lock.unlock();
    }
    ex.addUsage(outcome.usage());
    answers.sourceFinished(plan.index);
    if ("answer".equals(plan.type())) {
      answers.finish(plan.index);
    }
    if ("end".equals(plan.type()) && graph.owner == null) {
      ex.endOutputs(outcome.outputs());
    }
  }

  /** Whether an answer node will run, judged from the edges decided so far (callers hold the lock). */
  boolean mayRun(int node, int streamingSource, Map<Integer, Boolean> memo) {
    Boolean known = memo.get(node);
    if (known != null) {
      return known;
    }
    memo.put(node, false);
    boolean alive = switch (state[node]) {
      case SKIPPED -> false;
      case PENDING -> {
        int[] in = graph.topology.incoming[node];
        boolean any = in.length == 0;
        for (int k = 0; k < in.length && !any; k++) {
          int e = in[k];
          int s = graph.topology.source[e];
          any = edges[e] == LIVE || edges[e] == UNDECIDED && (s == streamingSource
              ? !io.jingzhi.agent.definition.NodePolicy.ERROR_HANDLE.equals(graph.edges[e].sourceHandle())
              : !graph.branching.get(s) && mayRun(s, streamingSource, memo));
        }
        yield any;
      }
      default -> true;
    };
    memo.put(node, alive);
    return alive;
  }

  /** True when every node in {@code gates} but {@code except} has ended (callers hold the lock). */
  boolean decided(BitSet gates, int except) {
    for (int g = gates.nextSetBit(0); g >= 0; g = gates.nextSetBit(g + 1)) {
      if (g != except && state[g] != DONE && state[g] != SKIPPED) {
        return false;
      }
    }
    return true;
  }

  /** Tokens of this level's nodes; read by the thread that ran the level, after it ended. */
  TokenUsage usage() {
    return usage;
  }

  /**
   * Runs one node (on its own virtual thread, or inline on the scheduling thread) and reports back through the
   * queue, whatever happens. An abort interrupts the node's thread only while the node runs, so no interrupt
   * leaks into what the thread does afterwards.
   */
  final class NodeTask implements Runnable {

    private final int node;
    private final ReentrantLock guard = new ReentrantLock();
    private Thread thread;
    private volatile boolean aborted;

    NodeTask(int node) {
      this.node = node;
    }

    @Override
    public void run() {
      guard.lock();
      try {
        thread = Thread.currentThread();
      } finally {
        guard.unlock();
      }
      NodeOutcome outcome = null;
      try {
        outcome = aborted ? NodeOutcome.cancelled() : runner.run(graph.plans[node], this);
      } catch (Throwable t) {
        outcome = NodeOutcome.failed("node.unexpected", String.valueOf(t));
      } finally {
        guard.lock();
        try {
          thread = null;
        } finally {
          guard.unlock();
        }
        completions.add(new Done(node, outcome == null ? NodeOutcome.cancelled() : outcome));
      }
    }

    boolean aborted() {
      return aborted;
    }

    void abort() {
      guard.lock();
      try {
        if (!aborted) {
          aborted = true;
          if (thread != null) {
            thread.interrupt();
          }
        }
      } finally {
        guard.unlock();
      }
    }
  }
}
