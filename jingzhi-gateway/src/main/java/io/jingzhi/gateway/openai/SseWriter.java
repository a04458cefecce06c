package io.jingzhi.gateway.openai;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The client side of one chat stream: writes {@code data:} events, flushing only when the upstream has nothing
 * more buffered, and puts the implicit AI-generated-content label ({@code "aigc"}, an extra top-level field OpenAI's
 * SDKs ignore) into the first event. A failed write means the client went away ({@link ClientGone}).
 */
final class SseWriter {

  final OutputStream stream;
  /** The label object without its closing brace ({@code {"aigc":{...}}), until the first event took it. */
  private String label;

  SseWriter(OutputStream stream, String labelObject) {
    this.stream = stream;
    this.label = labelObject == null ? null : labelObject.substring(0, labelObject.length() - 1);
  }

  static void headers(HttpServletResponse response) {
    response.setStatus(200);
    response.setContentType("text/event-stream;charset=UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
  }

  /** Writes one event (a JSON payload) without flushing. */
  void event(String payload) {
    if (label != null && payload.startsWith("{")) {
      String rest = payload.strip();
      payload = label + (rest.equals("{}") ? "}" : "," + rest.substring(1));
      label = null;
    }
    write(stream, "data: " + payload + "\n\n");
  }

  /** Writes the raw text and flushes. */
  void send(String text) {
    write(stream, text);
    flush(stream);
  }

  /** The client closed the connection. */
  static final class ClientGone extends RuntimeException {
    ClientGone(IOException cause) {
      super(cause);
    }
  }

  static void write(OutputStream out, String text) {
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ClientGone(e);
    }
  }

  static void flush(OutputStream out) {
    try {
      out.flush();
    } catch (IOException e) {
      throw new ClientGone(e);
    }
  }

  /**
   * Whether the start of the upstream's next event has already arrived (reading it will not wait): skips the line
   * ends left of the event just read (the blank line that closes an event), then tells whether anything else is
   * buffered, in the reader or below it ({@code below}: the upstream connection's buffers, see
   * {@code UpstreamClient.Exchange.moreBuffered}).
   */
  static boolean nextEventBuffered(BufferedReader reader, BooleanSupplier below) {
    try {
      while (reader.ready()) {
        reader.mark(1);
        int c = reader.read();
        if (c != '\n' && c != '\r') {
          reader.reset();
          return c != -1;
        }
      }
      return below != null && below.getAsBoolean();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The next payload, flushing what was written to the client whenever the upstream has nothing more buffered:
   * an event never waits for the next one, but events that arrived together leave in one write (under load
   * this saves a system call and a TCP segment per event). After a flush the {@code pacer} may pause the stream
   * while the server is short of CPU, so that what arrives meanwhile is relayed at once.
   */
  String nextPayload(BufferedReader reader, BooleanSupplier below, StreamPacer pacer) throws IOException {
    String line;
    do {
      if (!nextEventBuffered(reader, below)) {
        flush(stream);
        if (pacer != null) {
          pacer.pause();
        }
      }
      line = reader.readLine();
    } while (line != null && !line.startsWith("data:"));
    return line == null ? null : line.substring(5).strip();
  }
}
