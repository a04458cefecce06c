package io.jingzhi.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.gateway.api.ModelCallFailed;
import io.jingzhi.gateway.api.ToolCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class InProcessStreamTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  final List<String> deltas = new ArrayList<>();

  /**
   * Writes in pieces of 7 bytes: pieces end inside events and inside multi-byte characters, and some hold the end of
   * one event with half a character of the next.
   */
  static void send(InProcessStream s, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int from = 0; from < bytes.length; from += 7) {
      s.write(bytes, from, Math.min(7, bytes.length - from));
    }
  }

  @Test
  void handsOutDeltasAndAssemblesTextUsageAndToolCalls() throws Exception {
    var s = new InProcessStream(JSON, "m", deltas::add);
    send(s, """
        data: {"aigc":{"label":"x"},"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"京智"}}]}

        data: {"model":"m","choices":[{"index":1,"delta":{"content":"other choice"}}]}

        data: {"model":"m","choices":[{"index":0,"delta":{"content":"你好"}}]}

        data: {"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","function":{"name":"weather","arguments":"{\\"ci"}}]}}]}

        data: {"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\\":1}"}}]}}]}

        data: {"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

        data: {"model":"m","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":7}}

        data: [DONE]

        """);
    var reply = s.reply();
    assertThat(deltas).containsExactly("京智", "你好");
    assertThat(reply.content()).isEqualTo("京智你好");
    assertThat(reply.finishReason()).isEqualTo("tool_calls");
    assertThat(reply.promptTokens()).isEqualTo(12);
    assertThat(reply.completionTokens()).isEqualTo(7);
    assertThat(reply.toolCalls()).containsExactly(new ToolCall("c1", "weather", "{\"city\":1}"));
    assertThat(s.usageSeen()).isTrue();
  }

  @Test
  void anErrorEventOrAMissingEndIsAFailure() throws Exception {
    var broken = new InProcessStream(JSON, "m", deltas::add);
    send(broken, """
        data: {"model":"m","choices":[{"index":0,"delta":{"content":"半"}}]}

        data: {"error":{"message":"the model server closed the stream","type":"api_error","code":"upstream_stream_broken"}}

        data: [DONE]

        """);
    assertThatThrownBy(broken::reply).isInstanceOf(ModelCallFailed.class)
        .extracting(e -> ((ModelCallFailed) e).code()).isEqualTo("model_call.upstream_stream_broken");
    var cut = new InProcessStream(JSON, "m", deltas::add);
    send(cut, "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"半\"}}]}\n\n");
    assertThatThrownBy(cut::reply).isInstanceOf(ModelCallFailed.class);
  }

  @Test
  void aReaderThatThrowsFailsTheWriteAndGetsItsExceptionBack() throws Exception {
    var stop = new IllegalStateException("stop");
    var s = new InProcessStream(JSON, "m", d -> {
      throw stop;
    });
    assertThatThrownBy(() -> s.write(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> s.write(new byte[] {'x'})).isInstanceOf(IOException.class);
    assertThatThrownBy(s::reply).isSameAs(stop);
  }

  @Test
  void aWriteEndingInsideACharacterOfTheNextEventLosesNothing() throws Exception {
    var s = new InProcessStream(JSON, "m", deltas::add);
    byte[] all = ("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"京\"}}]}\n\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"智\"}}]}\n\ndata: [DONE]\n\n")
        .getBytes(StandardCharsets.UTF_8);
    String text = new String(all, StandardCharsets.UTF_8);
    int cut = text.substring(0, text.indexOf("智")).getBytes(StandardCharsets.UTF_8).length + 1;
    s.write(all, 0, cut); // the first event whole, then the second up to the middle of 智
    s.write(all, cut, all.length - cut);
    assertThat(deltas).containsExactly("京", "智");
    assertThat(s.reply().content()).isEqualTo("京智");
  }
}
