package io.jingzhi.agent.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Streams the answer nodes of one graph level (Dify semantics). An answer whose text holds {@code {{x.text}}}
 * forwards the tokens node {@code x} emits as they come: first the text before the reference (once it can be
 * rendered), then the tokens, and when the answer node itself runs, only the rest. Forwarding starts only when the
 * answer is certain to run (its branching ancestors have decided and a live path reaches it), so an answer on a
 * branch that is not taken streams nothing. Each answer's position is guarded by its own lock.
 */
final class AnswerStreams {

  /** Where one answer node is: the next segment to send, and the segment being streamed live (-1 if none). */
  static final class Position {
    final ReentrantLock lock = new ReentrantLock();
    int next;
    int streaming = -1;
    /** Volatile: the scheduler marks a skipped answer without taking the lock (it holds the run lock). */
    volatile boolean done;
  }

  private final GraphRun run;
  private final Position[] positions;
  private final List<List<Integer>> bySource;
  /** Per node: whether it has emitted before. Forwarding starts only at a source's first token, never midway. */
  private final AtomicIntegerArray emitted;

  AnswerStreams(GraphRun run) {
    this.run = run;
    Graph graph = run.graph;
    this.positions = new Position[graph.size()];
    this.bySource = new ArrayList<>(graph.size());
    this.emitted = new AtomicIntegerArray(graph.size());
    for (int i = 0; i < graph.size(); i++) {
      bySource.add(List.of());
    }
    for (int a = 0; a < graph.size(); a++) {
      AnswerPlan plan = graph.answers[a];
      if (plan == null) {
        continue;
      }
      positions[a] = new Position();
      for (int s : plan.streamSource()) {
        if (s >= 0 && !bySource.get(s).contains(a)) {
          List<Integer> list = new ArrayList<>(bySource.get(s));
          list.add(a);
          bySource.set(s, List.copyOf(list));
        }
      }
    }
  }

  /** A delta emitted by node {@code source}; true when an answer forwarded it. */
  boolean emit(int source, String delta) {
    List<Integer> answers = bySource.get(source);
    if (answers.isEmpty()) {
      return false;
    }
    boolean first = emitted.getAndSet(source, 1) == 0;
    boolean forwarded = false;
    for (int a : answers) {
      Position p = positions[a];
      p.lock.lock();
      try {
        forwarded |= forward(a, p, source, delta, first);
      } finally {
        p.lock.unlock();
      }
    }
    return forwarded;
  }

  private boolean forward(int a, Position p, int source, String delta, boolean first) {
    if (p.done) {
      return false;
    }
    AnswerPlan plan = run.graph.answers[a];
    if (p.streaming >= 0) {
      if (plan.streamSource()[p.streaming] == source) {
        run.ex.answer(delta);
        return true;
      }
      return false;
    }
    // Tokens already emitted but not forwarded are gone: starting now would drop them from the answer.
    int segment = first ? startable(a, p, source) : -1;
    if (segment < 0) {
      return false;
    }
    StringBuilder before = new StringBuilder();
    plan.template().renderInto(before, p.next, segment, run.pool::lookup);
    run.ex.answer(before);
    p.next = segment;
    p.streaming = segment;
    run.ex.answer(delta);
    return true;
  }

  /**
   * The segment of {@code source} the answer can start streaming now, or -1: the answer is certain to run and
   * every segment before it can be rendered (literals, values of nodes that ended, variables). Lock order: an
   * answer's lock, then the run lock; the scheduler never takes an answer's lock.
   */
  private int startable(int answer, Position p, int source) {
    AnswerPlan plan = run.graph.answers[answer];
    run.lock.lock();
    try {
      if (!run.decided(plan.branchingAncestors(), source) || !run.mayRun(answer, source, new HashMap<>())) {
        return -1;
      }
      List<Template.Segment> segments = plan.template().segments();
      for (int s = p.next; s < segments.size(); s++) {
        if (plan.streamSource()[s] == source) {
          return s;
        }
        Selector selector = segments.get(s).selector();
        Integer node = selector == null ? null : run.graph.indexOf(selector.head());
        if (node != null && run.state[node] != GraphRun.DONE && run.state[node] != GraphRun.SKIPPED) {
          return -1;
        }
      }
      return -1;
    } finally {
      run.lock.unlock();
    }
  }

  /** Node {@code source} ended: answers streaming it move past its segment. */
  void sourceFinished(int source) {
    for (int a : bySource.get(source)) {
      Position p = positions[a];
      p.lock.lock();
      try {
        if (p.streaming >= 0 && run.graph.answers[a].streamSource()[p.streaming] == source) {
          p.next = p.streaming + 1;
          p.streaming = -1;
        }
      } finally {
        p.lock.unlock();
      }
    }
  }

  /** The answer node ran: send what was not streamed yet. */
  void finish(int answer) {
    Position p = positions[answer];
    p.lock.lock();
    try {
      if (!p.done) {
        AnswerPlan plan = run.graph.answers[answer];
        StringBuilder rest = new StringBuilder();
        plan.template().renderInto(rest, p.next, plan.template().segments().size(), run.pool::lookup);
        run.ex.answer(rest);
        p.done = true;
      }
    } finally {
      p.lock.unlock();
    }
  }

  /** Called by the scheduler holding the run lock, so it must not take an answer's lock. */
  void skipped(int answer) {
    Position p = positions[answer];
    if (p != null) {
      p.done = true;
    }
  }

  /** Positions of answers that streamed part of their text but have not run (for a paused run's state). */
  Map<String, Integer> started() {
    Map<String, Integer> started = new HashMap<>();
    for (int a = 0; a < positions.length; a++) {
      Position p = positions[a];
      if (p != null && !p.done && p.next > 0) {
        started.put(run.graph.plans[a].id(), p.next);
      }
    }
    return started;
  }

  void restore(String answerId, int next) {
    Integer a = run.graph.indexOf(answerId);
    if (a != null && positions[a] != null) {
      positions[a].next = next;
    }
  }
}
