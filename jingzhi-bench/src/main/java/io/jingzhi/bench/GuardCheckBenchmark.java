package io.jingzhi.bench;

import io.jingzhi.guard.engine.CheckRequest;
import io.jingzhi.guard.engine.Decision;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.lexicon.Lexicon;
import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import io.jingzhi.guard.engine.lexicon.LexiconStore;
import io.jingzhi.guard.engine.lexicon.RiskType;
import io.jingzhi.guard.engine.lexicon.StarterLexicon;
import io.jingzhi.guard.api.embedding.BatchedBgeSmallZhEmbedder;
import io.jingzhi.guard.api.embedding.CountingEmbedder;
import io.jingzhi.guard.engine.semantic.CachingEmbedder;
import io.jingzhi.guard.engine.semantic.SemanticClassifier;
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

/**
 * {@code GuardEngine.check} on a 2,000-character Chinese input with PII, against a 100,000-entry bank and, as the
 * baseline in the same run, against the ~500-entry starter bank: tells what bank size adds per check. The
 * {@code …Semantic} variants add the semantic classifier (bge-small-zh in process, the model trained by the build)
 * on 2,000-character inputs and on typical 30-character questions, each call a different text (4,096 variants), and
 * {@code …RepeatedQuestionCached} shows the embedding cache's best case apart. Sample time, so p50/p99 are reported.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class GuardCheckBenchmark {

  private static final String SENTENCE = "市民可以通过一网通办平台办理公积金提取、社保转移和户籍迁移等业务，";

  private GuardEngine big;
  private GuardEngine starter;
  private GuardEngine bigSemantic;
  private GuardEngine bigSemanticCached;
  private CheckRequest request;
  private CheckRequest question;
  /** Distinct inputs for the classifier variants, so no cache anywhere can flatter them. */
  private CheckRequest[] requests;
  private CheckRequest[] questions;
  /** A stereotype question the first stage escalates (the classifier blocks it): each pays bge-small-zh, the
   *  exemplar scan and the embedding's scorer on one window (the per-window cost the other variants never reach). */
  private CheckRequest[] escalated;
  private int next;

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
    byte[] salt = "benchmark-salt-0123456789".getBytes(StandardCharsets.UTF_8);
    big = GuardEngine.withDefaults(new LexiconStore(new Lexicon("bench", Instant.EPOCH, entries)), salt);
    starter = GuardEngine.withDefaults(new LexiconStore(StarterLexicon.load()), salt);
    // One loaded model for both classifiers. Counting costs two atomic increments per embed call; it lets the setup
    // check the benchmarked engine itself.
    BatchedBgeSmallZhEmbedder bge = BatchedBgeSmallZhEmbedder.withTokenMean();
    CountingEmbedder counting = new CountingEmbedder(bge);
    SemanticClassifier classifier = SemanticClassifier.load(counting)
        .orElseThrow(() -> new IllegalStateException("no semantic model in the guard jar"));
    LexiconStore bigBank = new LexiconStore(new Lexicon("bench", Instant.EPOCH, entries));
    bigSemantic = GuardEngine.withDefaults(bigBank, salt, classifier);
    bigSemanticCached = GuardEngine.withDefaults(bigBank, salt, new SemanticClassifier(classifier.model(),
        new CachingEmbedder(bge, 10_000),
        SemanticClassifier.DEFAULT_EXTRA_WINDOWS));
    question = CheckRequest.input("请问灵活就业人员怎么缴纳城乡居民养老保险？");
    StringBuilder text = new StringBuilder("联系人张伟，电话13800138000。");
    while (text.length() < 2_000) {
      text.append(SENTENCE);
    }
    request = CheckRequest.input(text.substring(0, 2_000));
    requests = new CheckRequest[4096];
    questions = new CheckRequest[4096];
    for (int i = 0; i < requests.length; i++) {
      String tag = "第" + i + "号：";
      requests[i] = CheckRequest.input(tag + text.substring(0, 2_000 - tag.length()));
      questions[i] = CheckRequest.input("请问灵活就业人员怎么缴纳城乡居民养老保险？（咨询" + i + "）");
    }
    escalated = new CheckRequest[4096];
    for (int i = 0; i < escalated.length; i++) {
      escalated[i] = CheckRequest.input("某些地方的人是不是特别爱骗人？（第" + i + "问）");
      if (i % 64 == 0) {
        long before = counting.texts();
        bigSemantic.check(escalated[i]);
        if (counting.texts() == before) {
          throw new IllegalStateException("the escalated question is no longer escalated: " + escalated[i].text());
        }
      }
    }
  }

  private int nextIndex() {
    return next++ & 4095;
  }

  @Benchmark
  public Decision check100kBank() {
    return big.check(request);
  }

  @Benchmark
  public Decision checkStarterBank() {
    return starter.check(request);
  }

  @Benchmark
  public Decision check100kBankSemantic() {
    return bigSemantic.check(requests[nextIndex()]);
  }

  @Benchmark
  public Decision check100kBankSemanticShortQuestion() {
    return bigSemantic.check(questions[nextIndex()]);
  }

  /** The embedding cache's best case, reported apart: the same question every time (all hits after the first). */
  @Benchmark
  public Decision check100kBankSemanticRepeatedQuestionCached() {
    return bigSemanticCached.check(question);
  }

  @Benchmark
  public Decision check100kBankSemanticEscalatedQuestion() {
    return bigSemantic.check(escalated[nextIndex()]);
  }

  @Benchmark
  public Decision check100kBankShortQuestion() {
    return big.check(question);
  }
}
