package io.jingzhi.agent.node.control;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Validation;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code answer}: renders {@code config.text} as (part of) the run's answer; output {@code answer}. The engine
 * streams it: tokens of an LLM node referenced as {@code {{llm.text}}} are forwarded as they come.
 */
@Component
public class AnswerNode implements NodeExecutor {

  public static final String TYPE = "answer";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    return Map.of("answer", VarType.STRING);
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    if (Configs.text(node, "text") == null) {
      validation.error("config.text", "is required (text, may hold {{references}})");
    }
  }

  @Override
  public NodeResult execute(NodeContext context) {
    return NodeResult.of(Map.of("answer", context.render(Configs.text(context.node(), "text"))));
  }
}
