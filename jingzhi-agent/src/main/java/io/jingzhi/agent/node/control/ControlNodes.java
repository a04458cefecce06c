package io.jingzhi.agent.node.control;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.engine.NodeExecutor;
import java.util.List;

/** The control node executors, for building an engine outside Spring (tests, benchmarks). */
public final class ControlNodes {

  private ControlNodes() {}

  public static List<NodeExecutor> all(AgentProperties.Engine settings) {
    return List.of(new StartNode(), new AnswerNode(), new EndNode(), new IfElseNode(), new SwitchNode(),
        new LoopNode(settings.maxLoopItems(), settings.maxParallel()), new TemplateNode(), new AggregatorNode(),
        new AssignerNode());
  }
}
