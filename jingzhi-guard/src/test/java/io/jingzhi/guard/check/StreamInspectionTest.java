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
}
