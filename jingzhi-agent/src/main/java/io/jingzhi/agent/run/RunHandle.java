package io.jingzhi.agent.run;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A started run as its caller holds it: the events to stream (when streaming was asked for) and the run as stored
 * when it ends. Events are queued by the run's threads and taken by the request thread, so a slow or vanished client
 * never holds the run up.
 */
public final class RunHandle {

  /** One event of the run API's SSE stream. */
  public record Event(String name, Map<String, Object> data) {}

  /** Returned by {@link #next(long)} after the last event. */
  static final Event END = new Event("", Map.of());

  private final long runId;
  private final BlockingQueue<Event> events;
  private final CompletableFuture<Run> done = new CompletableFuture<>();

  RunHandle(long runId, boolean streaming) {
    this.runId = runId;
    this.events = streaming ? new LinkedBlockingQueue<>() : null;
  }

  public long runId() {
    return runId;
  }

  void emit(String name, Map<String, Object> data) {
    if (events != null) {
      events.add(new Event(name, data));
    }
  }

  void complete(Run run) {
    if (events != null) {
      events.add(END);
    }
    done.complete(run);
  }

  void fail(Throwable e) {
    if (events != null) {
      events.add(END);
    }
    done.completeExceptionally(e);
  }

  /** The next event, waiting for it; null after the last one (the run ended). */
  public Event next() throws InterruptedException {
    if (events == null) {
      return null;
    }
    Event e = events.take();
    if (e == END) {
      events.add(END); // later calls also see the end
      return null;
    }
    return e;
  }

  /** The next event, END after the last one, or null when none came within {@code timeoutMs}. */
  Event next(long timeoutMs) throws InterruptedException {
    if (events == null) {
      return END;
    }
    Event e = events.poll(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    if (e == END) {
      events.add(END);
    }
    return e;
  }

  /** The run as stored once it ended or paused. */
  public CompletableFuture<Run> done() {
    return done;
  }
}
