package io.jingzhi.common.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;

/**
 * Feeds a response body read from Apache HttpClient to a JDK {@link HttpResponse.BodySubscriber}, one buffer per
 * unit of demand, on the caller's (virtual) thread; a cancel closes the connection, which ends a blocked read.
 */
final class BodyPump implements Flow.Subscription {

  private final ClassicHttpResponse response;
  private final InputStream in;
  private final HttpResponse.BodySubscriber<?> subscriber;
  private final HttpRequest request;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition demanded = lock.newCondition();
  private long demand;
  private boolean cancelled;

  BodyPump(ClassicHttpResponse response, InputStream in, HttpResponse.BodySubscriber<?> subscriber,
      HttpRequest request) {
    this.response = response;
    this.in = in;
    this.subscriber = subscriber;
    this.request = request;
  }

  void run() {
    subscriber.onSubscribe(this);
    byte[] buffer = new byte[16 * 1024];
    try {
      while (awaitDemand()) {
        int n = in.read(buffer);
        if (n < 0) {
          response.close(); // the whole body was read: the connection goes back to the pool
          subscriber.onComplete();
          return;
        }
        if (n > 0) {
          take();
          subscriber.onNext(List.of(ByteBuffer.wrap(Arrays.copyOf(buffer, n))));
        }
      }
      abort();
    } catch (SocketTimeoutException e) {
      fail(GuardedHttpClient.timeout(request, e));
    } catch (IOException | InterruptedException e) {
      fail(e);
    }
  }

  private void fail(Exception e) {
    abort();
    if (!isCancelled()) {
      subscriber.onError(e);
    }
  }

  private boolean awaitDemand() throws InterruptedException {
    lock.lock();
    try {
      while (demand == 0 && !cancelled) {
        demanded.await();
      }
      return !cancelled;
    } finally {
      lock.unlock();
    }
  }

  private void take() {
    lock.lock();
    try {
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean isCancelled() {
    lock.lock();
    try {
      return cancelled;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      cancel();
      subscriber.onError(new IllegalArgumentException("non-positive demand " + n));
      return;
    }
    lock.lock();
    try {
      demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      demanded.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void cancel() {
    lock.lock();
    try {
      if (cancelled) {
        return;
      }
      cancelled = true;
      demanded.signalAll();
    } finally {
      lock.unlock();
    }
    abort(); // ends a read blocked on a quiet stream
  }

  /** Drops the connection instead of reading an unwanted (perhaps endless) rest to reuse it. */
  private void abort() {
    abort(response);
  }

  static void abort(ClassicHttpResponse response) {
    if (response instanceof ModalCloseable closeable) {
      closeable.close(CloseMode.IMMEDIATE); // discards the connection
      return;
    }
    try {
      response.close();
    } catch (IOException ignored) {
      // the connection is gone either way
    }
  }

  /** The subscription of a body that failed before its first byte. */
  static final class Done implements Flow.Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
