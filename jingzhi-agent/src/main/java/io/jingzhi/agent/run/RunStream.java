package io.jingzhi.agent.run;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a run's events as SSE ({@code event:} name, {@code data:} JSON) on the request thread until the run ends or
 * pauses. A write that fails means the client went away: the run is cancelled. Refusals happen before this starts
 * and are ordinary problem responses; a failure after the stream began is one {@code error} event.
 */
@Component
class RunStream {

  /** A comment line this often keeps proxies from closing a quiet stream and notices a client that left. */
  private static final long KEEPALIVE_MS = 5_000;

  private final RunService service;
  private final JsonMapper json;

  RunStream(RunService service, JsonMapper json) {
    this.service = service;
    this.json = json;
  }

  void write(RunHandle handle, HttpServletResponse response) {
    response.setStatus(200);
    response.setContentType("text/event-stream;charset=UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
    try {
      OutputStream out = response.getOutputStream();
      while (true) {
        RunHandle.Event e = handle.next(KEEPALIVE_MS);
        if (e == RunHandle.END) {
          return;
        }
        String text = e == null ? ": keep-alive\n\n"
            : "event: " + e.name() + "\ndata: " + json.writeValueAsString(e.data()) + "\n\n";
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException gone) {
      service.abandon(handle.runId());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      service.abandon(handle.runId());
    } catch (RuntimeException e) {
      error(response, "run.stream_failed", e.getMessage());
      throw e;
    }
  }

  private void error(HttpServletResponse response, String code, String detail) {
    try {
      OutputStream out = response.getOutputStream();
      out.write(("event: error\ndata: " + json.writeValueAsString(Map.of("code", code, "detail",
          String.valueOf(detail))) + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException | RuntimeException ignored) {
      // the client is gone as well
    }
  }
}
