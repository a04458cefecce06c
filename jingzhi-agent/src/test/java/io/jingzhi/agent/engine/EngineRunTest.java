package io.jingzhi.agent.engine;

import static io.jingzhi.agent.engine.TestEngines.engine;
import static io.jingzhi.agent.engine.TestEngines.request;
import static io.jingzhi.agent.engine.TestEngines.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.engine.TestEngines.Recorder;
import io.jingzhi.agent.engine.TestEngines.Scripted;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Run semantics: data flow, branches and joins, parallel branches, end outputs, limits. */
class EngineRunTest {

  private static final String BRANCHES = """
      format: jingzhi-workflow/1
      nodes:
        - {id: start, type: start, config: {inputs: [{name: score, type: number, required: true}]}}
        - id: check
          type: if_else
          config:
            cases:
              - {id: high, logical: and, conditions: [{left: start.score, op: ge, right: 60}]}
        - {id: pass, type: template, config: {template: "及格 {{start.score}}"}}
        - {id: fail, type: template, config: {template: "不及格 {{start.score}}"}}
        - {id: after_fail, type: template, config: {template: "补考"}}
        - {id: join, type: aggregator, config: {variables: [pass.text, after_fail.text]}}
        - {id: done, type: end, config: {outputs: {result: join.output, score: "{{start.score}}"}}}
      edges:
        - {source: start, target: check}
        - {source: check, source_handle: high, target: pass}
        - {source: check, source_handle: else, target: fail}
        - {source: fail, target: after_fail}
        - {source: pass, target: join}
        - {source: after_fail, target: join}
        - {source: join, target: done}
      """;

  @Test
  void takenBranchRunsTheOtherIsSkippedAndTheJoinRunsOnce() {
    WorkflowEngine engine = engine(new Scripted());
    var compiled = engine.compile(yaml(BRANCHES));
    Recorder recorder = new Recorder();

    RunOutcome outcome = engine.run(compiled, request(1, Map.of("score", "75")), recorder);

    assertThat(outcome.status()).isEqualTo("succeeded");
    assertThat(outcome.outputs()).containsEntry("result", "及格 75").containsEntry("score", 75L);
    assertThat(recorder.status("pass")).isEqualTo("succeeded");
    assertThat(recorder.status("fail")).isEqualTo("skipped");
    assertThat(recorder.status("after_fail")).isEqualTo("skipped");
    assertThat(recorder.traces.stream().filter(t -> t.nodeId().equals("join"))).hasSize(1);
    assertThat(recorder.trace("check").handle()).isEqualTo("high");

    Recorder other = new Recorder();
    RunOutcome low = engine.run(compiled, request(2, Map.of("score", 30)), other);
    assertThat(low.outputs()).containsEntry("result", "补考");
    assertThat(other.status("pass")).isEqualTo("skipped");
  }

  @Test
  void independentBranchesRunAtTheSameTime() {
    // Both branches wait for each other: the run can only finish if they really run concurrently.
    CountDownLatch both = new CountDownLatch(2);
    Scripted scripted = new Scripted();
    TestEngines.Scripted.Behaviour meet = context -> {
      both.countDown();
      boolean met = both.await(30, TimeUnit.SECONDS);
      return io.jingzhi.agent.engine.NodeResult.of(Map.of("value", met));
    };
    scripted.on("left", meet).on("right", meet);
    WorkflowEngine engine = engine(scripted);
    var compiled = engine.compile(yaml("""
        nodes:
          - {id: start, type: start}
          - {id: left, type: probe}
          - {id: right, type: probe}
          - {id: done, type: end, config: {outputs: {left: left.value, right: right.value}}}
        edges:
          - {source: start, target: left}
          - {source: start, target: right}
          - {source: left, target: done}
          - {source: right, target: done}
        format: jingzhi-workflow/1
        """));

    RunOutcome outcome = engine.run(compiled, request(3, Map.of()), RunListener.NONE);

    assertThat(outcome.status()).isEqualTo("succeeded");
    assertThat(outcome.outputs()).containsEntry("left", true).containsEntry("right", true);
  }

  @Test
  void maxStepsStopsARunawayRun() {
    WorkflowEngine engine = engine(new Scripted(), TestEngines.settings(8, 3));
    var compiled = engine.compile(yaml("""
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start}
          - {id: a, type: probe}
          - {id: b, type: probe}
          - {id: c, type: probe}
          - {id: done, type: end}
        edges:
          - {source: start, target: a}
          - {source: a, target: b}
          - {source: b, target: c}
          - {source: c, target: done}
        """));
    Recorder recorder = new Recorder();

    RunOutcome outcome = engine.run(compiled, request(4, Map.of()), recorder);

    assertThat(outcome.status()).isEqualTo("failed");
    assertThat(outcome.errorCode()).isEqualTo("run.max_steps");
    assertThat(recorder.started).containsExactly("start", "a", "b");
  }

  @Test
  void invalidStartInputFailsTheRunNamingTheInput() {
    WorkflowEngine engine = engine(new Scripted());
    var compiled = engine.compile(yaml(BRANCHES));

    RunOutcome outcome = engine.run(compiled, request(5, Map.of("score", "很多")), RunListener.NONE);

    assertThat(outcome.status()).isEqualTo("failed");
    assertThat(outcome.errorCode()).isEqualTo("start.invalid_input");
    assertThat(outcome.errorMessage()).contains("score");
    assertThat(outcome.failedNodeId()).isEqualTo("start");
  }

  @Test
  void aBranchingNodeTakingAnUndeclaredExitFailsInsteadOfSkippingEverything() {
    Scripted scripted = new Scripted() {
      @Override
      public java.util.Set<String> handles(io.jingzhi.agent.definition.NodeSpec node) {
        return java.util.Set.of("yes", "no");
      }
    };
    scripted.on("pick", c -> NodeResult.branch("maybe", Map.of()));
    WorkflowEngine engine = engine(scripted);
    var compiled = engine.compile(yaml("""
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start}
          - {id: pick, type: probe}
          - {id: a, type: answer, config: {text: 是}}
          - {id: b, type: answer, config: {text: 否}}
        edges:
          - {source: start, target: pick}
          - {source: pick, source_handle: "yes", target: a}
          - {source: pick, source_handle: "no", target: b}
        """));

    RunOutcome outcome = engine.run(compiled, request(6, Map.of()), RunListener.NONE);

    assertThat(outcome.status()).isEqualTo("failed");
    assertThat(outcome.errorCode()).isEqualTo("node.unknown_exit");
    assertThat(outcome.failedNodeId()).isEqualTo("pick");
  }

  @Test
  void runsNestedTooDeeplyAreRefused() {
    WorkflowEngine engine = engine(new Scripted());
    var compiled = engine.compile(yaml(BRANCHES));
    RunRequest deep = new RunRequest(new RunInfo(7, "t", 0, null, null, null, java.util.List.of(),
        WorkflowEngine.MAX_DEPTH + 1), Map.of("score", 1), Map.of(), Map.of());

    RunOutcome outcome = engine.run(compiled, deep, RunListener.NONE);

    assertThat(outcome.errorCode()).isEqualTo("run.too_deep");
  }

  @Test
  void oneCompiledWorkflowServesManyConcurrentRunsEachWithItsOwnValues() throws Exception {
    WorkflowEngine engine = engine(new Scripted());
    var compiled = engine.compile(yaml("""
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start, config: {inputs: [{name: n, type: number}]}}
          - {id: a, type: template, config: {template: "a{{start.n}}"}}
          - {id: b, type: template, config: {template: "b{{start.n}}"}}
          - {id: c, type: llm, config: {chunks: ["c", "{{start.n}}"]}}
          - {id: reply, type: answer, config: {text: "{{a.text}}-{{b.text}}-{{c.text}}"}}
          - {id: done, type: end, config: {outputs: {n: start.n}}}
        edges:
          - {source: start, target: a}
          - {source: start, target: b}
          - {source: start, target: c}
          - {source: a, target: reply}
          - {source: b, target: reply}
          - {source: c, target: reply}
          - {source: reply, target: done}
        """));
    int runs = 200;
    java.util.List<java.util.concurrent.Future<RunOutcome>> futures = new java.util.ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < runs; i++) {
        long n = i;
        futures.add(threads.submit(() -> engine.run(compiled, request(1000 + n, Map.of("n", n)), new Recorder())));
      }
      for (int i = 0; i < runs; i++) {
        RunOutcome outcome = futures.get(i).get();
        assertThat(outcome.status()).isEqualTo("succeeded");
        assertThat(outcome.answer()).isEqualTo("a" + i + "-b" + i + "-c" + i);
        assertThat(outcome.outputs()).containsEntry("n", (long) i);
      }
    }
  }
}
