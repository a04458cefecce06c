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

  GuardedStream stream(int n) {
    GuardSubject subject = new GuardSubject(1L, 1L, 1L, "u", null, null, null, null, "m", null, "gateway");
    return new GuardedStream(new FakeGuard(), subject, null, json, "my-model", true, n);
  }

  /** The content and finish reasons each choice index received, in order. */
  java.util.Map<Integer, String> byChoice(List<String> events) {
    java.util.Map<Integer, String> m = new java.util.TreeMap<>();
    events.forEach(e -> json.readTree(e).path("choices").forEach(c -> {
      String text = c.path("delta").path("content").asString("")
          + (c.path("finish_reason").isString() ? "|" + c.path("finish_reason").asString() : "");
      m.merge(c.path("index").asInt(), text, String::concat);
    }));
    return m;
  }

  @Test
  void aViolationEndsOnlyItsOwnChoiceAndTheOthersFinish() {
    GuardedStream g = stream(2);
    List<String> out = new ArrayList<>();
    out.addAll(feed(g, chunk(delta(0, "{\"content\":\"hello\"}", "null") + ","
        + delta(1, "{\"content\":\"world\"}", "null"))));
    out.addAll(feed(g, chunk(delta(0, "{\"content\":\" BA\"}", "null") + ","
        + delta(1, "{\"content\":\" ok\"}", "null"))));
    List<String> hit = feed(g, chunk(delta(0, "{\"content\":\"D more\"}", "null") + ","
        + delta(1, "{\"content\":\" and\"}", "null")));
    out.addAll(hit);
    assertThat(byChoice(hit).get(0)).isEqualTo("REFUSED|content_filter");
    JsonNode rest = json.readTree(hit.getLast());
    assertThat(rest.get("choices")).as("the cut choice's part is taken out of the upstream chunk").hasSize(1);
    assertThat(rest.at("/choices/0/index").asInt()).isEqualTo(1);
    assertThat(g.stopped()).as("choice 1 is still being generated").isFalse();
    assertThat(g.effect()).isEqualTo("block");

    assertThat(feed(g, chunk(delta(0, "{\"content\":\"late BAD\"}", "null")))).as("nothing more for choice 0")
        .isEmpty();
    assertThat(feed(g, chunk(delta(0, "{}", "\"stop\"")))).as("nor a second finish reason").isEmpty();
    out.addAll(feed(g, chunk(delta(1, "{}", "\"stop\""))));
    assertThat(g.stopped()).as("the upstream finished both choices itself: nothing to stop, usage and [DONE] follow")
        .isFalse();
    assertThat(g.end()).isEmpty();
    var received = byChoice(out);
    assertThat(received.get(0)).isEqualTo("hel" + "lo" + "REFUSED|content_filter").doesNotContain("BAD");
    assertThat(received.get(1)).isEqualTo("world ok and|stop");
  }

  @Test
  void aCutChoiceTheUpstreamStillGeneratesIsStoppedOnceTheOthersEnd() {
    GuardedStream g = stream(2);
    List<String> out = new ArrayList<>();
    out.addAll(feed(g, chunk(delta(0, "{\"content\":\"BAD\"}", "null") + ","
        + delta(1, "{\"content\":\"fine\"}", "null"))));
    assertThat(g.stopped()).as("choice 1 is still being generated").isFalse();
    out.addAll(feed(g, chunk(delta(0, "{\"content\":\" and more\"}", "null") + ","
        + delta(1, "{}", "\"stop\""))));
    assertThat(g.stopped()).as("choice 0 was cut and the upstream is still generating it").isTrue();
    var received = byChoice(out);
    assertThat(received.get(0)).isEqualTo("REFUSED|content_filter");
    assertThat(received.get(1)).isEqualTo("fine|stop");
  }

  @Test
  void aStreamWhoseUpstreamFinishedIsNotCutAgain() {
    GuardedStream g = stream(2);
    feed(g, chunk(delta(0, "{\"content\":\"BAD\"}", "null")));
    feed(g, chunk(delta(1, "{\"content\":\"fine\"}", "null")));
    assertThat(g.stopped()).isFalse();
    List<String> end = g.end(); // [DONE] without a final chunk for choice 1
    assertThat(byChoice(end).get(1)).isEqualTo("ine");
    assertThat(g.stopped()).as("the upstream is done: the caller ends the stream normally").isFalse();
    assertThat(g.effect()).isEqualTo("block");
  }

  @Test
  void withOneChoiceAViolationStopsAtOnce() {
    GuardedStream g = stream(1);
    List<String> out = feed(g, chunk(delta(0, "{\"content\":\"xBAD\"}", "null")));
    assertThat(g.stopped()).isTrue();
    assertThat(byChoice(out).get(0)).isEqualTo("REFUSED|content_filter");
    assertThat(json.readTree(out.getLast()).get("id").asString()).isEqualTo("c9");
  }
}
