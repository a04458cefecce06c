package io.jingzhi.bench;

import io.jingzhi.guard.engine.CheckRequest;
import io.jingzhi.guard.engine.Decision;
import io.jingzhi.guard.engine.Direction;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.lexicon.Lexicon;
import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import io.jingzhi.guard.engine.lexicon.LexiconStore;
import io.jingzhi.guard.engine.lexicon.RiskType;
import io.jingzhi.guard.engine.lexicon.StarterLexicon;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What inspecting every message of a chat request costs on the rules path, against inspecting only the last user
 * message (the baseline, in the same run): a 10-message conversation (a 300-character system prompt, four earlier
 * user turns of ~60 characters, a 1,000-character tool result, assistant turns that are not inspected, the last user
 * question), 100,000-entry bank. The gateway checks the last user message with the earlier turns as history and then
 * each other message on its own with the rules only — the engine calls this benchmark makes. The classifier, which
 * only the last message gets in either case, is left out so that the difference is what the change adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ChatInputBenchmark {

  private GuardEngine engine;
  private CheckRequest last;
  private List<CheckRequest> others;

  @Setup
  public void setUp() {
    Random random = new Random(7);
    List<LexiconEntry> entries = new ArrayList<>(StarterLexicon.load().entries());
    while (entries.size() < 100_000) {
      StringBuilder term = new StringBuilder();
      for (int i = 0, n = 3 + random.nextInt(4); i < n; i++) {
        term.append((char) (0x4E00 + random.nextInt(0x5000)));
      }
      entries.add(LexiconEntry.term(term.toString(), RiskType.values()[random.nextInt(31)], RiskLevel.MEDIUM));
    }
    engine = GuardEngine.withDefaults(new LexiconStore(new Lexicon("bench", Instant.EPOCH, entries)),
        "benchmark-salt-0123456789".getBytes(StandardCharsets.UTF_8));
    String system = repeat("你是市政务服务助手，回答要准确、简洁，涉及办事流程时给出所需材料和办理地点。", 300);
    List<String> turns = List.of("我想办理居住证，需要什么材料？我的电话是13800138000。",
        "社区服务中心几点上班？周末可以办吗？需要预约吗？请告诉我具体地址。",
        "如果我是灵活就业人员，怎么缴纳城乡居民养老保险？每年最低缴多少？",
        "公积金提取需要本人到场吗？可以委托家人代办吗？需要哪些证明材料？");
    String tool = repeat("查询结果：市民可以通过一网通办平台办理公积金提取、社保转移和户籍迁移等业务，", 1_000);
    String question = "那我现在应该先去哪里办理？";
    last = new CheckRequest(question, Direction.INPUT, turns, null, true);
    others = new ArrayList<>();
    others.add(new CheckRequest(system, Direction.INPUT, List.of(), null, true));
    turns.forEach(t -> others.add(new CheckRequest(t, Direction.INPUT, List.of(), null, true)));
    others.add(new CheckRequest(tool, Direction.INPUT, List.of(), null, true));
  }

  private static String repeat(String s, int length) {
    StringBuilder b = new StringBuilder();
    while (b.length() < length) {
      b.append(s);
    }
    return b.substring(0, length);
  }

  /** Baseline: the last user message with its history (what the gateway inspected before). */
  @Benchmark
  public Decision lastUserMessageOnly() {
    return engine.check(last);
  }

  /** The last user message, then every other inspected message on its own (what the gateway inspects now). */
  @Benchmark
  public void everyMessage(Blackhole bh) {
    bh.consume(engine.check(last));
    for (CheckRequest r : others) {
      bh.consume(engine.check(r));
    }
  }
}
