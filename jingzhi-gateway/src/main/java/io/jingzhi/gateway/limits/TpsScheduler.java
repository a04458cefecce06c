package io.jingzhi.gateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongToIntFunction;
import java.util.function.ToIntFunction;

/**
 * Token-rate admission for saturated models (TPS oversubscription). Each model with a capacity (tokens per
 * second) admits calls while the tokens admitted during the last second leave room for the new one; otherwise
 * the call queues. The queue serves tenants below their guaranteed rate first (their rate counted over every
 * capacity-managed model), then the others in arrival order; a call still queued at its deadline is refused, so
 * time to first token stays bounded. Time comes from the injected clock and work is done in {@link #request} and
 * {@link #tick}, so the behaviour is deterministic under test; in the server a dispatcher ticks every few ms while
 * calls wait, and sleeps while none does ({@link #onQueued} wakes it).
 */
public class TpsScheduler {

  private static final long WINDOW_MS = 1000;

  /** A call waiting for, or granted, capacity. Its future completes with true (admitted) or false (too late). */
  public static final class Ticket {
    private final CompletableFuture<Boolean> admitted = new CompletableFuture<>();
    private final String model;
    private final long tenant;
    private final long tokens;
    private final long deadline;
    private final long seq;

    private Ticket(String model, long tenant, long tokens, long deadline, long seq) {
      this.model = model;
      this.tenant = tenant;
      this.tokens = tokens;
      this.deadline = deadline;
      this.seq = seq;
    }

    public CompletableFuture<Boolean> admitted() {
      return admitted;
    }

    /** True when the model has a capacity: the tokens were counted and must be corrected at the end. */
    public boolean metered() {
      return seq >= 0;
    }
  }

  /** Tokens counted over the last second. */
  private static final class Meter {
    private final ArrayDeque<long[]> entries = new ArrayDeque<>();
    private long sum;

    long sum(long now) {
      while (!entries.isEmpty() && entries.peekFirst()[0] <= now - WINDOW_MS) {
        sum -= entries.pollFirst()[1];
      }
      return sum;
    }

    void add(long now, long tokens) {
      entries.addLast(new long[] {now, tokens});
      sum += tokens;
    }
  }

  private final Clock clock;
  private final ToIntFunction<String> capacity;
  private final LongToIntFunction guarantee;
  private final Map<String, Meter> models = new HashMap<>();
  private final Map<Long, Meter> tenants = new HashMap<>();
  private final Map<String, List<Ticket>> queues = new HashMap<>();
  private long seq;
  /** Told when a call is left waiting, so an idle dispatcher can sleep instead of polling. */
  private volatile Runnable onQueued = () -> {};

  /**
   * @param capacity tokens per second of a model, 0 or less when the model is not managed
   * @param guarantee tokens per second guaranteed to a tenant, 0 when none
   */
  public TpsScheduler(Clock clock, ToIntFunction<String> capacity, LongToIntFunction guarantee) {
    this.clock = clock;
    this.capacity = capacity;
    this.guarantee = guarantee;
  }

  /** Asks for {@code tokens} on a model; the ticket is admitted at once, later, or refused after {@code maxWait}. */
  public synchronized Ticket request(String model, long tenant, long tokens, Duration maxWait) {
    long now = clock.millis();
    if (capacity.applyAsInt(model) <= 0) {
      Ticket free = new Ticket(model, tenant, tokens, now, -1);
      free.admitted.complete(true);
      return free;
    }
    Ticket ticket = new Ticket(model, tenant, tokens, now + maxWait.toMillis(), seq++);
    queues.computeIfAbsent(model, m -> new ArrayList<>()).add(ticket);
    dispatch(model, now);
    if (!ticket.admitted.isDone()) {
      onQueued.run();
    }
    return ticket;
  }

  /** Sets what runs (under the scheduler's lock, so it must be quick) when a call is left waiting. */
  public void onQueued(Runnable listener) {
    this.onQueued = listener;
  }

  /** Admits queued calls that now fit and refuses those past their deadline. */
  public synchronized void tick() {
    long now = clock.millis();
    for (String model : List.copyOf(queues.keySet())) {
      dispatch(model, now);
    }
  }

  /** Takes a ticket out of the queue; false when it was admitted meanwhile (the caller then goes ahead). */
  public synchronized boolean cancel(Ticket ticket) {
    List<Ticket> queue = queues.get(ticket.model);
    if (queue != null && queue.remove(ticket)) {
      ticket.admitted.complete(false);
      return true;
    }
    return ticket.admitted.getNow(false) == Boolean.FALSE;
  }

  /** Corrects an admitted call's estimate with what it really used (a negative delta frees capacity at once). */
  public synchronized void correct(Ticket ticket, long actualTokens) {
    if (!ticket.metered() || ticket.admitted.getNow(false) != Boolean.TRUE) {
      return;
    }
    long now = clock.millis();
    long delta = actualTokens - ticket.tokens;
    if (delta != 0) {
      meter(models, ticket.model).add(now, delta);
      meter(tenants, ticket.tenant).add(now, delta);
      dispatch(ticket.model, now);
    }
  }

  /** Calls queued for a model now. */
  public synchronized int queued(String model) {
    List<Ticket> queue = queues.get(model);
    return queue == null ? 0 : queue.size();
  }

  /** Tokens admitted to a model during the last second. */
  public synchronized long rate(String model) {
    return meter(models, model).sum(clock.millis());
  }

  /** Whether any call waits, so the dispatcher can skip idle ticks cheaply. */
  public synchronized boolean idle() {
    return queues.isEmpty();
  }

  private void dispatch(String model, long now) {
    List<Ticket> queue = queues.get(model);
    if (queue == null) {
      return;
    }
    for (Iterator<Ticket> it = queue.iterator(); it.hasNext(); ) {
      Ticket t = it.next();
      if (t.deadline <= now) {
        it.remove();
        t.admitted.complete(false);
      }
    }
    queue.sort(Comparator.comparingInt((Ticket t) -> belowGuarantee(t.tenant, now) ? 0 : 1)
        .thenComparingLong(t -> t.seq));
    Meter meter = meter(models, model);
    long room = (long) capacity.applyAsInt(model) * WINDOW_MS / 1000;
    while (!queue.isEmpty()) {
      Ticket head = queue.getFirst();
      long used = meter.sum(now);
      if (used > 0 && used + head.tokens > room) {
        break; // strict order: a big call at the head is not starved by small ones behind it
      }
      queue.removeFirst();
      meter.add(now, head.tokens);
      meter(tenants, head.tenant).add(now, head.tokens);
      head.admitted.complete(true);
    }
    if (queue.isEmpty()) {
      queues.remove(model);
    }
  }

  private boolean belowGuarantee(long tenant, long now) {
    int g = guarantee.applyAsInt(tenant);
    return g > 0 && meter(tenants, tenant).sum(now) < (long) g * WINDOW_MS / 1000;
  }

  private static <K> Meter meter(Map<K, Meter> meters, K key) {
    return meters.computeIfAbsent(key, k -> new Meter());
  }
}
