package io.jingzhi.common.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/** Collects a JDK request body publisher into bytes (the bodies of the guarded callers are small and in memory). */
final class RequestBodies {

  private RequestBodies() {}

  static byte[] read(HttpRequest.BodyPublisher publisher) throws IOException {
    var out = new ByteArrayOutputStream();
    var done = new CompletableFuture<byte[]>();
    publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer item) {
        byte[] bytes = new byte[item.remaining()];
        item.get(bytes);
        out.writeBytes(bytes);
      }

      @Override
      public void onError(Throwable throwable) {
        done.completeExceptionally(throwable);
      }

      @Override
      public void onComplete() {
        done.complete(out.toByteArray());
      }
    });
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the request body", e);
    } catch (ExecutionException e) {
      throw new IOException("the request body failed: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
