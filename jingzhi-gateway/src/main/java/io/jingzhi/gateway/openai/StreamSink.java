package io.jingzhi.gateway.openai;

import jakarta.servlet.http.HttpServletResponse;
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

  static StreamSink of(HttpServletResponse response) {
    return aigcHeader -> {
      SseWriter.headers(response);
      response.setHeader(AigcLabels.HEADER, aigcHeader);
      return response.getOutputStream();
    };
  }
}
