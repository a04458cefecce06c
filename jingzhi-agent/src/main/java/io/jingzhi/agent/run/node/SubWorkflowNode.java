package io.jingzhi.agent.run.node;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.TokenUsage;
import io.jingzhi.agent.engine.Validation;
import io.jingzhi.agent.run.Run;
import io.jingzhi.agent.run.RunService;
import io.jingzhi.common.error.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sub_workflow}: runs another published app (or a given version of it) as the same caller, one level deeper,
 * with {@code inputs} as its start inputs; outputs its {@code answer}, its end node's {@code outputs} and the child's
 * {@code run_id}. The child is an ordinary stored run with {@code parent_run_id}. Calling its own app is refused at
 * save time when the app is known, and any app already running above the node is refused when it runs.
 */
@Component
public class SubWorkflowNode implements NodeExecutor {

  private static final Pattern CODE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}");

  /** Lazy: the run service needs the engine, which needs every executor. */
  private final ObjectProvider<RunService> runs;
  private final JsonMapper json;

  public SubWorkflowNode(ObjectProvider<RunService> runs, JsonMapper json) {
    this.runs = runs;
    this.json = json;
  }

  @Override
  public String type() {
    return "sub_workflow";
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    Map<String, VarType> out = new LinkedHashMap<>();
    out.put("answer", VarType.STRING);
    out.put("outputs", VarType.OBJECT);
    out.put("run_id", VarType.NUMBER);
    return out;
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    JsonNode c = node.config();
    JsonNode app = c == null ? null : c.get("app");
    if (app == null || !app.isString() || !CODE.matcher(app.asString()).matches()) {
      validation.error("config.app", "must name the app to run (its code)");
    } else if (app.asString().equals(validation.appCode())) {
      validation.error("config.app", "an app cannot call itself as a sub-workflow");
    }
    JsonNode version = c == null ? null : c.get("version");
    if (version != null && !version.isNull() && !(version.isIntegralNumber() && version.asInt() >= 1)) {
      validation.error("config.version", "must be a published version number (1, 2, ...) or left out");
    }
    JsonNode inputs = c == null ? null : c.get("inputs");
    if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
      validation.error("config.inputs", "must be an object of start input name to value or {{reference}}");
    }
  }

  @Override
  public NodeResult execute(NodeContext context) {
    String app = context.config().path("app").asString();
    JsonNode v = context.config().get("version");
    Integer version = v == null || v.isNull() ? null : v.asInt();
    Map<String, Object> inputs = new LinkedHashMap<>();
    JsonNode given = context.config().get("inputs");
    if (given != null && given.isObject()) {
      for (Map.Entry<String, JsonNode> e : given.properties()) {
        inputs.put(e.getKey(), context.resolve(e.getValue()));
      }
    }
    Run child;
    try {
      child = runs.getObject().runChild(context.run(), app, version, inputs);
    } catch (ApiException e) {
      throw new NodeFailure("sub_workflow.unavailable", "App " + app + " cannot be run: " + e.getMessage(), false);
    }
    if (!Run.SUCCEEDED.equals(child.status())) {
      String why = child.error() == null ? child.status() : child.error().code() + ": " + child.error().message();
      String code = Run.WAITING.equals(child.status()) ? "sub_workflow.waiting" : "sub_workflow." + child.status();
      throw new NodeFailure(code, "Sub-workflow run " + child.id() + " of " + app + " ended " + why,
          Run.FAILED.equals(child.status()));
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("answer", child.answer() == null ? "" : child.answer());
    outputs.put("outputs", child.outputs() == null ? Map.of() : json.convertValue(child.outputs(), Map.class));
    outputs.put("run_id", child.id());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("app", app);
    details.put("version", child.version());
    details.put("run_id", child.id());
    return NodeResult.of(outputs).withUsage(new TokenUsage(child.usage().promptTokens(),
        child.usage().completionTokens())).withDetails(details);
  }
}
