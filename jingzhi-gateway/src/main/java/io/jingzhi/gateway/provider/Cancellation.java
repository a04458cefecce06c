package io.jingzhi.gateway.provider;

/**
 * The stop switch of one call: once {@link #cancel() cancelled} (the client went away), the upstream request in
 * flight is aborted — the connection dropped, which stops the generation and ends a read blocked on it — and any
 * request attached later is aborted as soon as it is attached. Safe to use from any thread.
 */
public final class Cancellation {

  private volatile boolean cancelled;
  private AutoCloseable current;

  /** Whether the call was cancelled. */
  public boolean cancelled() {
    return cancelled;
  }

  /** Makes {@code abort} the way to stop the call's upstream request from now on; runs it at once if cancelled. */
  public void attach(AutoCloseable abort) {
    synchronized (this) {
      if (!cancelled) {
        current = abort;
        return;
      }
    }
    quietly(abort);
  }

  /** Cancels the call: aborts its attached upstream request, if any. Later calls do nothing. */
  public void cancel() {
    AutoCloseable abort;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      abort = current;
      current = null;
    }
    if (abort != null) {
      quietly(abort);
    }
  }

  private static void quietly(AutoCloseable abort) {
    try {
      abort.close();
    } catch (Exception ignored) {
      // aborting is all there is to do
    }
  }
}
