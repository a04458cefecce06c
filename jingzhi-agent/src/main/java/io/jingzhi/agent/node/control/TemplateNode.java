package io.jingzhi.agent.node.control;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Validation;
import io.jingzhi.agent.engine.Values;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * {@code template}: renders {@code config.template} (text with {@code {{references}}}); with
 * {@code format: json} the rendered text is parsed too. Outputs {@code text} and, for json, {@code json}.
 */
@Component
public class TemplateNode implements NodeExecutor {

  public static final String TYPE = "template";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    return json(node) ? Map.of("text", VarType.STRING, "json", VarType.ANY) : Map.of("text", VarType.STRING);
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    if (Configs.text(node, "template") == null) {
      validation.error("config.template", "is required (text, may hold {{references}})");
    }
    String format = Configs.text(node, "format");
    if (format != null && !format.equals("text") && !format.equals("json")) {
      validation.error("config.format", "must be text or json");
    }
  }

  @Override
  public NodeResult execute(NodeContext context) {
    String text = context.render(Configs.text(context.node(), "template"));
    if (!json(context.node())) {
      return NodeResult.of(Map.of("text", text));
    }
    Map<String, Object> outputs = new HashMap<>();
    outputs.put("text", text);
    try {
      outputs.put("json", Values.parse(text));
    } catch (JacksonException e) {
      throw new NodeFailure("template.invalid_json", "the rendered text is not JSON: " + e.getOriginalMessage(),
          false);
    }
    return NodeResult.of(outputs);
  }

  private static boolean json(NodeSpec node) {
    return "json".equals(Configs.text(node, "format"));
  }
}
