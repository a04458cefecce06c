package io.jingzhi.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.gateway.provider.UpstreamException;
import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The 503 log: names the endpoint and the root cause, once per window per endpoint and cause; no sleeps. */
class UnavailableLogTest {

  final AtomicLong now = new AtomicLong(5_000_000_000L);
  final UnavailableLog log = new UnavailableLog(now::get);

  static OpenAiException unreachable() {
    OpenAiException e = OpenAiException.unavailable("The model server is unavailable: cannot reach x");
    e.initCause(new UpstreamException(true, 0, "cannot reach http://10.0.0.9/v1: Connection refused", null,
        new ConnectException("Connection refused")));
    return e;
  }

  @Test
  void namesTheEndpointTheCodeAndTheRootCause() {
    assertThat(log.line("POST", "/v1/chat/completions", "upstream_unavailable", unreachable()))
        .startsWith("Answered 503 (upstream_unavailable) on POST /v1/chat/completions: The model server is")
        .contains("cause java.net.ConnectException: Connection refused");
  }

  @Test
  void repeatsWithinTheWindowAreCountedNotLogged() {
    assertThat(log.line("POST", "/v1/chat/completions", "upstream_unavailable", unreachable())).isNotNull();
    now.addAndGet(UnavailableLog.WINDOW_NANOS - 1);
    assertThat(log.line("POST", "/v1/chat/completions", "upstream_unavailable", unreachable())).isNull();
    assertThat(log.line("POST", "/v1/chat/completions", "upstream_unavailable", unreachable())).isNull();
    assertThat(log.line("POST", "/v1/embeddings", "upstream_unavailable", unreachable()))
        .as("another endpoint has a window of its own").isNotNull();
    assertThat(log.line("POST", "/v1/chat/completions", "model_disabled",
        new OpenAiException(503, "api_error", "model_disabled", "model", "disabled")))
        .as("another cause too").isNotNull().doesNotContain("cause");
    now.addAndGet(1);
    assertThat(log.line("POST", "/v1/chat/completions", "upstream_unavailable", unreachable()))
        .endsWith("(and 2 more like it since the last such line)");
  }
}
