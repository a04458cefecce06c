package io.jingzhi.guard.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.api.GuardAction;
import io.jingzhi.guard.api.GuardFinding;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.guard.api.OutputGuard;
import io.jingzhi.guard.api.OutputGuard.Release;
import io.jingzhi.guard.check.GuardService.Depth;
import io.jingzhi.guard.engine.CheckRequest;
import io.jingzhi.guard.engine.Decision;
import io.jingzhi.guard.engine.Direction;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.lexicon.LexiconStore;
import io.jingzhi.guard.engine.lexicon.StarterLexicon;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamInspectionTest {

  static final GuardEngine ENGINE = GuardEngine.withDefaults(new LexiconStore(StarterLexicon.load()), new byte[32]);
  static final String REFUSAL = "抱歉，无法回答。";
  final List<GuardVerdict> recorded = new ArrayList<>();

  /** The engine's defaults as verdicts, the way GuardService turns decisions into verdicts without policies. */
  private GuardVerdict inspect(GuardRequest request, Depth depth, boolean record) {
    Decision d = ENGINE.check(new CheckRequest(request.text(), Direction.OUTPUT, List.of(), null));
    GuardAction action = GuardAction.valueOf(d.action().name());
    List<GuardFinding> findings = d.matched().stream().map(m -> new GuardFinding(m.type(), m.riskType(),
        m.level().name(), m.layer(), m.span().start(), m.span().end(), m.rule())).toList();
    GuardVerdict v = new GuardVerdict(action, "none", d.categories(),
        action == GuardAction.MASK ? d.maskedText() : request.text(), action == GuardAction.BLOCK ? REFUSAL : null,
        findings, null, true, null);
    if (record) {
      recorded.add(v);
    }
    return v;
  }

  private OutputGuard open() {
    return new StreamInspection(64, 64, this::inspect, text -> ENGINE.pendingTail(text, null, 64));
  }

  /** Feeds the deltas and returns what the client would receive. */
  private Streamed stream(String... deltas) {
    OutputGuard out = open();
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
    assertThat(recorded).hasSize(1);
  }

  @Test
  void aBlockedPhraseSplitAcrossDeltasNeverReachesTheClient() {
    Streamed s = stream("好的，", "炸", "药", "配方如下：", "第一步");
    assertThat(s.stopped()).isTrue();
    assertThat(s.text()).startsWith("好的，").endsWith(REFUSAL).doesNotContain("配方");
    assertThat(recorded).singleElement().satisfies(v -> assertThat(v.stops()).isTrue());
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
    OutputGuard out = open();
    Release r = out.accept(digits);
    assertThat(r.text().length()).isGreaterThanOrEqualTo(200 - 64);
  }

  /** Feeds the deltas as a relay under load does: all but the last of each batch with {@code moreBuffered}. */
  private Streamed streamInBatches(int batch, String... deltas) {
    OutputGuard out = open();
    StringBuilder client = new StringBuilder();
    for (int i = 0; i < deltas.length; i++) {
      boolean more = (i + 1) % batch != 0 && i + 1 < deltas.length;
      Release r = out.accept(deltas[i], more);
      if (more) {
        assertThat(r).as("a delta with more buffered behind it waits for the next").isEqualTo(Release.NOTHING);
      }
      client.append(r.text());
      if (r.stopped()) {
        return new Streamed(client.toString(), true, -1);
      }
    }
    Release end = out.finish();
    client.append(end.text());
    return new Streamed(client.toString(), end.stopped(), -1);
  }

  @Test
  void deltasThatArriveTogetherAreInspectedOnceAndReleasedWhole() {
    List<String> windows = new ArrayList<>();
    OutputGuard out = new StreamInspection(64, 64, (request, depth, record) -> {
      windows.add(request.text());
      return inspect(request, depth, record);
    }, text -> ENGINE.pendingTail(text, null, 64));
    assertThat(out.accept("您好", true)).isEqualTo(Release.NOTHING);
    assertThat(out.accept("，办理", true)).isEqualTo(Release.NOTHING);
    Release r = out.accept("社保卡", false);
    assertThat(r.text()).isNotEmpty();
    assertThat(windows).as("one inspection for the three deltas").containsExactly("您好，办理社保卡");
    assertThat(r.text() + out.finish().text()).isEqualTo("您好，办理社保卡");
  }

  @Test
  void aBlockedPhraseSplitAcrossDeferredDeltasIsStillCaught() {
    Streamed s = streamInBatches(3, "好的，", "炸", "药", "配方如下：", "第一步");
    assertThat(s.stopped()).isTrue();
    assertThat(s.text()).endsWith(REFUSAL).doesNotContain("炸药").doesNotContain("配方");
  }

  @Test
  void aPhoneNumberInDeferredDeltasIsReleasedMasked() {
    Streamed s = streamInBatches(2, "请拨打", "138", "0013", "8000", "联系我们。");
    assertThat(s.stopped()).isFalse();
    assertThat(s.text()).doesNotContain("13800138000").contains("联系我们。").startsWith("请拨打");
  }

  @Test
  void deferringStopsAtTheHoldBackBound() {
    OutputGuard out = open();
    String piece = "今天天气很好，适合出门散步。";
    Release r = Release.NOTHING;
    int fed = 0;
    while (r.text().isEmpty() && fed < 20) {
      r = out.accept(piece, true);
      fed++;
    }
    assertThat(fed * piece.length()).as("text is inspected and released once 64 characters wait, more or not")
        .isLessThanOrEqualTo(64 + piece.length());
    assertThat(r.text()).isNotEmpty();
  }
}
