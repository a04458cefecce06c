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

/** Answer streaming: LLM tokens forwarded live, in order, never twice; untaken branches stream nothing. */
class EngineStreamingTest {

  @Test
  void tokensOfTheReferencedLlmAreForwardedBetweenTheTextAroundThem() {
    WorkflowEngine engine = engine(new Scripted());
    var compiled = engine.compile(yaml("""
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start, config: {inputs: [{name: who, type: string}]}}
          - {id: llm, type: llm, config: {chunks: ["你", "好，", "{{start.who}}"]}}
          - {id: reply, type: answer, config: {text: "回答：{{llm.text}}（{{start.who}}）"}}
        edges:
          - {source: start, target: llm}
          - {source: llm, target: reply}
        """));
    Recorder recorder = new Recorder();

    RunOutcome outcome = engine.run(compiled, request(1, Map.of("who", "张三")), recorder);

    assertThat(recorder.deltas).containsExactly("回答：", "你", "好，", "张三", "（张三）");
    assertThat(outcome.answer()).isEqualTo("回答：你好，张三（张三）");
    assertThat(outcome.usage().totalTokens()).isEqualTo(15);
    // The forwarded tokens arrive while the LLM node runs, before it finishes.
    assertThat(recorder.events.indexOf("delta:你")).isLessThan(recorder.events.indexOf("end:llm:succeeded"));
  }

  @Test
  void tokensAreNotForwardedToAnAnswerWhoseBranchIsUndecidedAndAnUntakenBranchSendsNothing() {
    WorkflowEngine engine = engine(new Scripted());
    var compiled = engine.compile(yaml("""
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start, config: {inputs: [{name: mode, type: string}]}}
          - {id: llm, type: llm, config: {chunks: ["a", "b"]}}
          - id: route
            type: if_else
            config: {cases: [{id: show, conditions: [{left: start.mode, op: equals, right: show}]}]}
          - {id: shown, type: answer, config: {text: "答：{{llm.text}}"}}
          - {id: hidden, type: answer, config: {text: "无"}}
        edges:
          - {source: start, target: llm}
          - {source: llm, target: route}
          - {source: route, source_handle: show, target: shown}
          - {source: route, source_handle: else, target: hidden}
        """));

    // The LLM streams before the if/else after it has decided: nothing is forwarded early...
    Recorder shown = new Recorder();
    RunOutcome outcome = engine.run(compiled, request(2, Map.of("mode", "show")), shown);
    assertThat(outcome.answer()).isEqualTo("答：ab");
    assertThat(shown.deltas).containsExactly("答：ab");
    assertThat(shown.status("hidden")).isEqualTo("skipped");

    // ...so when the branch is not taken, no token of it ever reached the client.
    Recorder other = new Recorder();
    RunOutcome hidden = engine.run(compiled, request(3, Map.of("mode", "other")), other);
    assertThat(hidden.answer()).isEqualTo("无");
    assertThat(other.deltas).containsExactly("无");
  }

  @Test
  void anAnswerWithoutStreamSourcesIsSentWholeWhenItRuns() {
    WorkflowEngine engine = engine(new Scripted());
    var compiled = engine.compile(yaml("""
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start}
          - {id: first, type: answer, config: {text: "第一段。"}}
          - {id: second, type: answer, config: {text: "第二段：{{sys.query}}"}}
        edges:
          - {source: start, target: first}
          - {source: first, target: second}
        """));
    Recorder recorder = new Recorder();

    RunOutcome outcome = engine.run(compiled, request(3, Map.of()), recorder);

    assertThat(recorder.deltas).containsExactly("第一段。", "第二段：你好");
    assertThat(outcome.answer()).isEqualTo("第一段。第二段：你好");
  }

  @Test
  void aNodeWhoseTokensReachedTheAnswerIsNotRetriedSoNothingRepeats() {
    java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
    Scripted scripted = new Scripted().on("gen", c -> {
      attempts.incrementAndGet();
      c.emit("半句");
      throw new NodeFailure("llm.stream_broken", "connection reset", true);
    });
    WorkflowEngine engine = engine(scripted);
    var compiled = engine.compile(yaml("""
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start}
          - {id: gen, type: probe, policy: {retries: 3, on_error: fallback, fallback: {text: "（中断）"}}}
          - {id: reply, type: answer, config: {text: "{{gen.text}}"}}
        edges: [{source: start, target: gen}, {source: gen, target: reply}]
        """));
    Recorder recorder = new Recorder();

    RunOutcome outcome = engine.run(compiled, request(4, Map.of()), recorder);

    assertThat(attempts).hasValue(1);
    assertThat(recorder.deltas).containsExactly("半句");
    assertThat(outcome.answer()).isEqualTo("半句");
    assertThat(recorder.status("gen")).isEqualTo("fallback");
  }

  @Test
  void forwardingNeverStartsMidwaySoNoTokenIsLost() throws Exception {
    // The LLM emits its first token while the answer's prefix cannot be rendered yet (slow runs in parallel);
    // when slow has finished, later tokens must not start a stream that lacks the first one.
    CountDownLatch firstTokenOut = new CountDownLatch(1);
    CountDownLatch slowDone = new CountDownLatch(1);
    Scripted scripted = new Scripted()
        .on("slow", c -> {
          firstTokenOut.await(30, TimeUnit.SECONDS);
          return NodeResult.of(Map.of("text", "慢"));
        })
        .on("gen", c -> {
          c.emit("一");
          firstTokenOut.countDown();
          slowDone.await(30, TimeUnit.SECONDS);
          c.emit("二");
          return NodeResult.of(Map.of("text", "一二"));
        });
    WorkflowEngine engine = engine(scripted);
    var compiled = engine.compile(yaml("""
        format: jingzhi-workflow/1
        nodes:
          - {id: start, type: start}
          - {id: slow, type: probe}
          - {id: gen, type: probe}
          - {id: reply, type: answer, config: {text: "{{slow.text}}：{{gen.text}}"}}
        edges:
          - {source: start, target: slow}
          - {source: start, target: gen}
          - {source: slow, target: reply}
          - {source: gen, target: reply}
        """));
    Recorder recorder = new Recorder() {
      @Override
      public void nodeFinished(NodeTrace trace) {
        super.nodeFinished(trace);
        if (trace.nodeId().equals("slow")) {
          slowDone.countDown();
        }
      }
    };

    RunOutcome outcome = engine.run(compiled, request(5, Map.of()), recorder);

    assertThat(outcome.answer()).isEqualTo("慢：一二");
    assertThat(String.join("", recorder.deltas)).isEqualTo("慢：一二");
  }
}
