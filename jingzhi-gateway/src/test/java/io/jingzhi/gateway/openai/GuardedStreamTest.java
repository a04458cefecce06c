package io.jingzhi.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.api.Guard;
import io.jingzhi.guard.api.GuardAction;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.guard.api.OutputGuard;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GuardedStreamTest {

  final JsonMapper json = JsonMapper.builder().build();

  /** Holds back the last 3 characters; "BAD" anywhere is a violation answered with "REFUSED". */
  static final class FakeGuard implements Guard {
    @Override
    public GuardVerdict check(GuardSubject subject, GuardRequest request) {
      return GuardVerdict.allow(request.text());
    }

    @Override
    public OutputGuard openOutput(GuardSubject subject) {
      return new OutputGuard() {
        final StringBuilder all = new StringBuilder();
        int released;

        @Override
        public Release accept(String delta) {
          all.append(delta);
          if (all.indexOf("BAD") >= 0) {
            return violation();
          }
          int cut = Math.max(released, all.length() - 3);
          String text = all.substring(released, cut);
          released = cut;
          return new Release(text, null);
        }

        @Override
        public Release finish() {
          String text = all.substring(released);
          released = all.length();
          return new Release(text.replace("555", "***"), null);
        }

        private Release violation() {
          return new Release("REFUSED", new GuardVerdict(GuardAction.BLOCK, "high", List.of("A.1.4"), "", "REFUSED",
              List.of(), null, true, "e1"));
        }
      };
    }

    @Override
    public String visibleLabel(GuardSubject subject) {
      return null;
    }
  }

  GuardedStream stream(boolean keepUsage) {
    GuardSubject subject = new GuardSubject(1L, 1L, 1L, "u", null, null, null, null, "m", null, "gateway");
    return new GuardedStream(new FakeGuard(), subject, "AI生成", json, "my-model", keepUsage);
  }

  List<String> feed(GuardedStream g, String payload) {
    return g.chunk(payload, ChunkScan.of(json, payload, new StringBuilder(), true));
  }

  static String chunk(String choices) {
    return "{\"id\":\"c9\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"up\",\"choices\":[" + choices
        + "]}";
  }

  static String delta(int index, String delta, String finish) {
    return "{\"index\":" + index + ",\"delta\":" + delta + ",\"finish_reason\":" + finish + "}";
  }

  String content(List<String> events) {
    StringBuilder s = new StringBuilder();
    events.forEach(e -> json.readTree(e).path("choices")
        .forEach(c -> s.append(c.path("delta").path("content").asString(""))));
    return s.toString();
  }

  @Test
  void sendsOnlyWhatTheGuardReleasesAndKeepsTheOtherFields() {
    GuardedStream g = stream(false);
    List<String> out = new ArrayList<>();
    out.addAll(feed(g, chunk(delta(0, "{\"role\":\"assistant\",\"content\":\"ab\"}", "null"))));
    assertThat(out).hasSize(1); // the role must reach the client even with nothing released
    JsonNode first = json.readTree(out.getFirst());
    assertThat(first.at("/choices/0/delta/role").asString()).isEqualTo("assistant");
    assertThat(first.at("/choices/0/delta/content").asString()).isEmpty();
    assertThat(first.get("model").asString()).isEqualTo("my-model");
    assertThat(feed(g, chunk(delta(0, "{\"content\":\"c\"}", "null")))).as("nothing released, nothing sent").isEmpty();
    out.addAll(feed(g, chunk(delta(0, "{\"content\":\"de\\\"f555\"}", "null"))));
    List<String> end = feed(g, chunk(delta(0, "{}", "\"stop\"")) .replace("]}", "],\"usage\":{\"prompt_tokens\":1}}"));
    out.addAll(end);
    assertThat(content(out)).isEqualTo("abcde\"f***\n\nAI生成");
    assertThat(json.readTree(end.get(0)).at("/choices/0/delta/content").asString()).isEqualTo("***");
    assertThat(json.readTree(end.get(1)).at("/choices/0/delta/content").asString()).isEqualTo("\n\nAI生成");
    JsonNode last = json.readTree(end.get(2));
    assertThat(last.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    assertThat(last.has("usage")).as("usage the client did not ask for is dropped").isFalse();
    assertThat(g.effect()).isEqualTo("mask");
    assertThat(g.stopped()).isFalse();
  }

  @Test
  void passesToolCallsAndKeepsChoicesApart() {
    GuardedStream g = stream(true);
    List<String> out = feed(g, chunk(delta(0, "{\"content\":\"hello\"}", "null") + ","
        + delta(1, "{\"content\":null,\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}", "null")));
    assertThat(out).hasSize(1);
    JsonNode c = json.readTree(out.getFirst());
    assertThat(c.at("/choices/0/delta/content").asString()).isEqualTo("he");
    assertThat(c.at("/choices/1/delta/tool_calls/0/function/arguments").asString()).isEqualTo("{}");
    out = feed(g, chunk(delta(1, "{\"content\":\"xyzw\"}", "null")));
    assertThat(content(out)).isEqualTo("x");
    assertThat(g.effect()).isNull();
  }

  @Test
  void aViolationEndsEveryOpenChoiceWithContentFilter() {
    GuardedStream g = stream(true);
    feed(g, chunk(delta(0, "{\"content\":\"hello\"}", "null") + "," + delta(1, "{\"content\":\"world\"}", "null")));
    List<String> out = feed(g, chunk(delta(0, "{\"content\":\" BA\"}", "null") + "," + delta(1, "{\"content\":\"D!\"}",
        "null")));
    out.addAll(feed(g, chunk(delta(0, "{\"content\":\"D more\"}", "null"))));
    assertThat(g.stopped()).isTrue();
    assertThat(g.effect()).isEqualTo("block");
    assertThat(content(out)).contains("REFUSED").doesNotContain("BAD");
    JsonNode last = json.readTree(out.getLast());
    assertThat(last.at("/choices/0/finish_reason").asString()).isEqualTo("content_filter");
    assertThat(last.at("/choices/1/finish_reason").asString()).isEqualTo("content_filter");
    assertThat(last.get("id").asString()).isEqualTo("c9");
    assertThat(feed(g, chunk(delta(0, "{\"content\":\"late\"}", "null")))).as("nothing after the end").isEmpty();
  }
}
