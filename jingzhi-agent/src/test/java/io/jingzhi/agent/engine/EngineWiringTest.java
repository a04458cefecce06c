package io.jingzhi.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.AgentConfiguration;
import io.jingzhi.agent.definition.DefinitionReader;
import io.jingzhi.agent.node.control.AggregatorNode;
import io.jingzhi.agent.node.control.AnswerNode;
import io.jingzhi.agent.node.control.AssignerNode;
import io.jingzhi.agent.node.control.EndNode;
import io.jingzhi.agent.node.control.IfElseNode;
import io.jingzhi.agent.node.control.LoopNode;
import io.jingzhi.agent.node.control.StartNode;
import io.jingzhi.agent.node.control.SwitchNode;
import io.jingzhi.agent.node.control.TemplateNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The engine and the control nodes as Spring beans: executors found by type, settings bound. */
class EngineWiringTest {

  /** An executor that needs the engine itself (as a sub-workflow node does): must not form a cycle. */
  static class NeedsEngine extends TestEngines.Scripted {
    NeedsEngine(WorkflowEngine engine) {
      assertThat(engine).isNotNull();
    }
  }

  @Test
  void theEngineFindsEveryExecutorBeanAndHonoursItsSettings() {
    new ApplicationContextRunner()
        .withUserConfiguration(AgentConfiguration.class, WorkflowEngine.class, DefinitionReader.class,
            StartNode.class, AnswerNode.class, EndNode.class, IfElseNode.class, SwitchNode.class, LoopNode.class,
            TemplateNode.class, AggregatorNode.class, AssignerNode.class, NeedsEngine.class)
        .withPropertyValues("jingzhi.agent.engine.max-steps=2")
        .run(context -> {
          assertThat(context).hasNotFailed();
          WorkflowEngine engine = context.getBean(WorkflowEngine.class);
          assertThat(engine.executors()).containsKeys("start", "answer", "end", "if_else", "switch", "loop",
              "template", "aggregator", "assigner", "probe");
          var compiled = engine.compile(context.getBean(DefinitionReader.class).read("""
              format: jingzhi-workflow/1
              nodes:
                - {id: start, type: start}
                - {id: t, type: template, config: {template: x}}
                - {id: a, type: answer, config: {text: "{{t.text}}"}}
              edges: [{source: start, target: t}, {source: t, target: a}]
              """));
          RunOutcome outcome = engine.run(compiled, TestEngines.request(1, Map.of()), RunListener.NONE);
          assertThat(outcome.errorCode()).isEqualTo("run.max_steps");
        });
  }
}
