package io.jingzhi.gateway.openai;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client end of a streamed {@code /v1/chat/completions}: its servlet response. While the call waits for the
 * model's first token the client is kept alive ({@code jingzhi.gateway.keep-alive}): when the wait grows long the
 * stream starts (status 200, the SSE headers, the AI-generated-content label with a completion id of the gateway's
 * own, which every chunk then carries) with an SSE comment, repeated until the first token. A comment that cannot
 * be written means the client is gone: the call is cancelled, which aborts the upstream request. A client that
 * leaves before the first token would otherwise be noticed only when it arrives, while the model kept working.
 * Comments are written from another thread than the request's, under a lock; once the wait is over
 * ({@link #stopWaiting()}) no comment is written any more, so the response is the request thread's alone again.
 */
final class ClientStream implements StreamSink {

  private static final byte[] COMMENT = ": waiting for the model\n\n".getBytes(StandardCharsets.UTF_8);

  private final HttpServletResponse response;
  private final StreamKeepAlive keepAlive;
  private final AigcLabels labels;
  private final ReentrantLock lock = new ReentrantLock();
  // all guarded by lock
  private CallContext waiting;
  private ScheduledFuture<?> next;
  private String announcedId;
  private OutputStream out;

  ClientStream(HttpServletResponse response, StreamKeepAlive keepAlive, AigcLabels labels) {
    this.response = response;
    this.keepAlive = keepAlive;
    this.labels = labels;
  }

  @Override
  public void waitingForModel(CallContext ctx) {
    if (!keepAlive.enabled()) {
      return;
    }
    lock.lock();
    try {
      waiting = ctx;
      next = keepAlive.schedule(this::beat, announcedId == null);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String stopWaiting() {
    lock.lock();
    try {
      waiting = null;
      if (next != null) {
        next.cancel(false);
        next = null;
      }
      return announcedId;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the response has started (status 200 and headers sent) while the call waited. */
  boolean started() {
    lock.lock();
    try {
      return announcedId != null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public OutputStream open(String aigcHeader) throws IOException {
    lock.lock();
    try {
      waiting = null;
      if (out == null) {
        SseWriter.headers(response);
        response.setHeader(AigcLabels.HEADER, aigcHeader);
        out = response.getOutputStream();
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Ends a stream that started early with an error event in OpenAI's shape (the status was sent long ago). */
  void fail(String errorJson) {
    OutputStream stream;
    lock.lock();
    try {
      waiting = null;
      stream = out;
    } finally {
      lock.unlock();
    }
    if (stream == null) {
      return;
    }
    try {
      stream.write(("data: " + errorJson + "\n\n").getBytes(StandardCharsets.UTF_8));
      stream.flush();
    } catch (IOException gone) {
      // nobody left to tell
    }
  }

  private void beat() {
    lock.lock();
    CallContext ctx = waiting;
    try {
      if (ctx == null) {
        return; // the first token came (or the call ended) meanwhile
      }
      if (announcedId == null) {
        announcedId = AigcLabels.newId();
        SseWriter.headers(response);
        response.setHeader(AigcLabels.HEADER, labels.header(announcedId, ctx.requestId));
        out = response.getOutputStream();
      }
      out.write(COMMENT);
      out.flush();
      next = keepAlive.schedule(this::beat, false);
    } catch (IOException | RuntimeException gone) {
      waiting = null;
      ctx.cancellation.cancel();
    } finally {
      lock.unlock();
    }
  }
}
