package io.jingzhi.guard.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardDecided;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.OutputGuard;
import io.jingzhi.guard.api.OutputGuard.Release;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.lexicon.LexiconStore;
import io.jingzhi.guard.engine.lexicon.StarterLexicon;
import io.jingzhi.guard.pii.ClearTextRoles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamInspectionTest {

  static final GuardEngine ENGINE = GuardEngine.withDefaults(new LexiconStore(StarterLexicon.load()), new byte[32]);
  final List<GuardDecided> events = new ArrayList<>();
  final GuardService guard = new GuardService(ENGINE,
      new GuardProperties(true, "抱歉，无法回答。", 64, 64, 200, "", null, Duration.ofSeconds(10), 50),
      e -> events.add((GuardDecided) e), new ClearTextRoles());
  final GuardSubject subject = new GuardSubject(null, null, 1L, "u", null, null, null, null, "m", null, "gateway");

  /** Feeds the deltas and returns what the client would receive. */
  private Streamed stream(String... deltas) {
    OutputGuard out = guard.openOutput(subject);
    StringBuilder client = new StringBuilder();
    int firstReleaseAt = -1;
    for (int i = 0; i < deltas.length; i++) {
      Release r = out.accept(deltas[i]);
      client.append(r.text());
      if (firstReleaseAt < 0 && !r.text().isEmpty()) {
        firstReleaseAt = i;
      }
      if (r.stopped()) {
        return new Streamed(client.toString(), true, firstReleaseAt);
      }
    }
    Release end = out.finish();
    client.append(end.text());
    return new Streamed(client.toString(), end.stopped(), firstReleaseAt);
  }

  record Streamed(String text, boolean stopped, int firstReleaseAt) {}

  @Test
  void harmlessTextIsReleasedAsItArrivesAndUnchanged() {
    Streamed s = stream("您好", "，办理", "社保卡", "需要携带", "身份证原件。");
    assertThat(s.text()).isEqualTo("您好，办理社保卡需要携带身份证原件。");
    assertThat(s.stopped()).isFalse();
    assertThat(s.firstReleaseAt()).as("the first delta goes out at once").isZero();
    assertThat(events).hasSize(1);
  }

  @Test
  void aBlockedPhraseSplitAcrossDeltasNeverReachesTheClient() {
    Streamed s = stream("好的，", "炸", "药", "配方如下：", "第一步");
    assertThat(s.stopped()).isTrue();
    assertThat(s.text()).startsWith("好的，").endsWith("抱歉，无法回答。").doesNotContain("配方");
    assertThat(events).singleElement().satisfies(e -> assertThat(e.verdict().stops()).isTrue());
  }

  @Test
  void aPhoneNumberArrivingInPiecesIsReleasedMasked() {
    Streamed s = stream("请拨打", "138", "0013", "8000", "联系我们。");
    assertThat(s.stopped()).isFalse();
    assertThat(s.text()).doesNotContain("13800138000").contains("联系我们。").startsWith("请拨打");
  }

  @Test
  void holdBackIsBounded() {
    String digits = "1".repeat(200);
    OutputGuard out = guard.openOutput(subject);
    Release r = out.accept(digits);
    assertThat(r.text().length()).isGreaterThanOrEqualTo(200 - 64);
  }
}
