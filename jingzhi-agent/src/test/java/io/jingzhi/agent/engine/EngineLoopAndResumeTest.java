package io.jingzhi.agent.engine;

import static io.jingzhi.agent.engine.TestEngines.engine;
import static io.jingzhi.agent.engine.TestEngines.request;
import static io.jingzhi.agent.engine.TestEngines.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.engine.TestEngines.Recorder;
import io.jingzhi.agent.engine.TestEngines.Scripted;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Loops (sequential and parallel) and human input: pause, state through JSON, resume. */
class EngineLoopAndResumeTest {

  private static final String LOOP = """
      format: jingzhi-workflow/1
      nodes:
        - {id: start, type: start, config: {inputs: [{name: cities, type: "array[string]", required: true}]}}
        - id: each
          type: loop
          config:
            items: "{{start.cities}}"
            parallelism: %d
            output: "{{greet.value}}"
            body:
              nodes:
                - {id: greet, type: probe}
                - {id: shout, type: template, config: {template: "{{each.index}}:{{each.item}}"}}
              edges:
                - {source: shout, target: greet}
        - {id: done, type: end, config: {outputs: {results: each.results}}}
      edges:
        - {source: start, target: each}
        - {source: each, target: done}
      """;

  @Test
  void aLoopRunsItsBodyPerItemAndCollectsOutputsInOrder() {
    Scripted scripted = new Scripted().on("greet", c -> NodeResult.of(Map.of("value", c.value("shout.text"))));
    WorkflowEngine engine = engine(scripted);
    Recorder recorder = new Recorder();

    RunOutcome outcome = engine.run(engine.compile(yaml(LOOP.formatted(1))),
        request(1, Map.of("cities", List.of("北京", "上海", "广州"))), recorder);

    assertThat(outcome.status()).isEqualTo("succeeded");
    assertThat(outcome.outputs().get("results")).isEqualTo(List.of("0:北京", "1:上海", "2:广州"));
    assertThat(recorder.started).contains("each#0/shout", "each#2/greet");
  }

  @Test
  void aParallelLoopRunsItemsConcurrently() {
    // Three iterations each wait until all three have started: only concurrent iterations can finish.
    CountDownLatch all = new CountDownLatch(3);
    Scripted scripted = new Scripted().on("greet", c -> {
      all.countDown();
      boolean met = all.await(30, TimeUnit.SECONDS);
      return NodeResult.of(Map.of("value", met + ":" + c.value("each.item")));
    });
    WorkflowEngine engine = engine(scripted);

    RunOutcome outcome = engine.run(engine.compile(yaml(LOOP.formatted(3))),
        request(2, Map.of("cities", List.of("a", "b", "c"))), RunListener.NONE);

    assertThat(outcome.outputs().get("results")).isEqualTo(List.of("true:a", "true:b", "true:c"));
  }

  @Test
  void aFailingIterationFailsTheLoopNamingTheBodyNode() {
    Scripted scripted = new Scripted().on("greet", c -> {
      if ("坏".equals(c.value("each.item"))) {
        throw new NodeFailure("probe.bad", "bad item", false);
      }
      return NodeResult.of(Map.of("value", "ok"));
    });
    WorkflowEngine engine = engine(scripted);

    RunOutcome outcome = engine.run(engine.compile(yaml(LOOP.formatted(1))),
        request(3, Map.of("cities", List.of("好", "坏"))), RunListener.NONE);

    assertThat(outcome.status()).isEqualTo("failed");
    assertThat(outcome.errorCode()).isEqualTo("probe.bad");
    assertThat(outcome.failedNodeId()).isEqualTo("each");
    assertThat(outcome.errorMessage()).contains("greet");
  }

  @Test
  void aRunWaitingForInputResumesFromItsJsonStateInAnotherEngine() {
    String definition = """
        format: jingzhi-workflow/1
        conversation_variables: [{name: approvals, type: "array[string]", value: []}]
        nodes:
          - {id: start, type: start, config: {inputs: [{name: topic, type: string}]}}
          - {id: intro, type: answer, config: {text: "请审批：{{start.topic}}。"}}
          - id: ask
            type: human_input
            config: {fields: [{name: decision, type: string, required: true, options: [同意, 驳回]}]}
          - id: remember
            type: assigner
            config: {assignments: [{variable: conv.approvals, mode: append, value: "{{ask.decision}}"}]}
          - {id: outro, type: answer, config: {text: "结果：{{ask.decision}}"}}
        edges:
          - {source: start, target: intro}
          - {source: intro, target: ask}
          - {source: ask, target: remember}
          - {source: remember, target: outro}
        """;
    WorkflowEngine first = engine(new Scripted());
    Recorder before = new Recorder();
    RunOutcome waiting = first.run(first.compile(yaml(definition)), request(9, Map.of("topic", "采购")), before);

    assertThat(waiting.status()).isEqualTo("waiting");
    assertThat(waiting.answer()).isEqualTo("请审批：采购。");
    assertThat(before.status("ask")).isEqualTo("waiting");

    // The run service stores the state as JSON text; a restarted server reads it back.
    JsonMapper json = JsonMapper.builder().build();
    JsonNode stored = json.readTree(json.writeValueAsString(waiting.state()));
    RunOutcome reloaded = new RunOutcome(waiting.status(), Map.of(), waiting.answer(), waiting.usage(), null, null,
        null, Map.of(), stored);
    WorkflowEngine second = engine(new Scripted());
    var compiled = second.compile(yaml(definition));

    assertThatThrownBy(() -> second.resume(compiled, reloaded, Map.of("decision", "也许"), request(9, Map.of()),
        RunListener.NONE)).isInstanceOf(AgentException.class).hasMessageContaining("decision");

    Recorder after = new Recorder();
    RunOutcome done = second.resume(compiled, reloaded, Map.of("decision", "同意"), request(9, Map.of()), after);

    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(done.answer()).isEqualTo("请审批：采购。结果：同意");
    assertThat(after.deltas).containsExactly("结果：同意");
    assertThat(after.started).doesNotContain("start", "intro");
    assertThat(done.conversation()).containsEntry("approvals", List.of("同意"));
  }
}
