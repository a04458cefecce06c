package io.jingzhi.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import org.junit.jupiter.api.Test;

class SseWriterTest {

  @Test
  void theNextEventCountsAsBufferedOnlyWhenMoreThanLineEndsHaveArrived() throws IOException {
    PipedWriter upstream = new PipedWriter();
    BufferedReader reader = new BufferedReader(new PipedReader(upstream, 4096));
    SseWriter out = new SseWriter(new ByteArrayOutputStream(), null);
    upstream.write("data: {\"a\":1}\n\n");
    upstream.flush();
    assertThat(out.nextPayload(reader, null, null)).isEqualTo("{\"a\":1}");
    assertThat(SseWriter.nextEventBuffered(reader, null)).as("only the blank line that closes the event").isFalse();
    upstream.write("data: {\"a\":2}\n\ndata: {\"a\":3}\n\n");
    upstream.flush();
    assertThat(out.nextPayload(reader, null, null)).isEqualTo("{\"a\":2}");
    assertThat(SseWriter.nextEventBuffered(reader, null)).isTrue();
    assertThat(out.nextPayload(reader, null, null)).isEqualTo("{\"a\":3}");
    assertThat(SseWriter.nextEventBuffered(reader, null)).isFalse();
  }

  @Test
  void eventsThatArrivedTogetherLeaveInOneFlushAfterThePause() throws IOException {
    PipedWriter upstream = new PipedWriter();
    BufferedReader reader = new BufferedReader(new PipedReader(upstream, 4096));
    CountingStream client = new CountingStream();
    SseWriter out = new SseWriter(client, null);
    upstream.write("data: {\"a\":1}\n\ndata: {\"a\":2}\n\n");
    upstream.flush();
    out.event(out.nextPayload(reader, null, null));
    out.event(out.nextPayload(reader, null, null));
    assertThat(client.flushes).as("the second event was already there: no flush between the two").isEqualTo(0);
    upstream.close();
    assertThat(out.nextPayload(reader, null, null)).as("the upstream ended").isNull();
    assertThat(client.flushes).as("nothing more buffered: what was written goes out").isEqualTo(1);
    assertThat(client.toString()).isEqualTo("data: {\"a\":1}\n\ndata: {\"a\":2}\n\n");
  }

  private static final class CountingStream extends ByteArrayOutputStream {
    int flushes;

    @Override
    public void flush() {
      flushes++;
    }
  }
}
