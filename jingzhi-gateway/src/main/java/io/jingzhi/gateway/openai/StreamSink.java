package io.jingzhi.gateway.openai;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a streamed chat completion goes: the servlet response of {@code /v1/chat/completions}, or a reader inside
 * the server ({@link InProcessStream}). The relay writes the same SSE bytes to either, so the in-process stream
 * goes through exactly the pipeline a {@code /v1} client gets (guard, labels, usage, error events).
 */
interface StreamSink {

  /** Starts the stream (status and headers where there are any) and answers where its events are written. */
  OutputStream open(String aigcHeader) throws IOException;

  /**
   * The call starts waiting for the model's first token: a sink that can tell when its reader has gone cancels
   * {@code ctx} then ({@link ClientStream}). Nothing by default.
   */
  default void waitingForModel(CallContext ctx) {}

  /**
   * The wait for the first token is over. Answers the completion id the stream announced if it started while
   * waiting (every chunk must then carry it), else null.
   */
  default String stopWaiting() {
    return null;
  }
}
