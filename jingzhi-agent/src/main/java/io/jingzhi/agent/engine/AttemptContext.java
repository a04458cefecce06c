package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.NodeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** The {@link NodeContext} of one attempt of one node. */
final class AttemptContext implements NodeContext {

  static final String MASK = "******";

  private final GraphRun run;
  private final NodePlan plan;
  private final String executionId;
  private final long deadline;
  private final GraphRun.NodeTask task;
  private volatile boolean forwarded;

  AttemptContext(GraphRun run, NodePlan plan, String executionId, long deadline, GraphRun.NodeTask task) {
    this.run = run;
    this.plan = plan;
    this.executionId = executionId;
    this.deadline = deadline;
    this.task = task;
  }

  @Override
  public NodeSpec node() {
    return plan.spec;
  }

  @Override
  public RunInfo run() {
    return run.ex.request.info();
  }

  @Override
  public Object value(String selector) {
    Selector s = run.ex.workflow.selector(selector);
    return s == null ? null : run.pool.lookup(s);
  }

  @Override
  public String render(String template) {
    return template == null ? "" : run.ex.workflow.template(template).render(run.pool::lookup);
  }

  @Override
  public Object resolve(JsonNode value) {
    return resolve(value, run.pool::lookup);
  }

  /** Like {@link #resolve(JsonNode)}, with secret environment variables masked (for traces). */
  Object resolveMasked(JsonNode value) {
    return resolve(value, s -> run.pool.isSecretEnv(s, run.ex.workflow.secretEnvironment) ? MASK
        : run.pool.lookup(s));
  }

  private Object resolve(JsonNode value, Function<Selector, Object> values) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isString()) {
      Template t = run.ex.workflow.template(value.asString());
      if (!t.hasReferences()) {
        return value.asString();
      }
      return t.isSingleReference() ? values.apply(t.segments().get(0).selector()) : t.render(values);
    }
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value.properties().forEach(e -> map.put(e.getKey(), resolve(e.getValue(), values)));
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>(value.size());
      value.forEach(v -> list.add(resolve(v, values)));
      return list;
    }
    return Values.plain(value);
  }

  @Override
  public void emit(String delta) {
    if (delta != null && !delta.isEmpty() && !cancelled() && run.emit(plan.index, executionId, delta)) {
      forwarded = true;
    }
  }

  /** Whether some of this attempt's text already went into the answer. */
  boolean forwarded() {
    return forwarded;
  }

  @Override
  public Duration timeLeft() {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  @Override
  public boolean cancelled() {
    return task.aborted() || run.ex.stopped();
  }

  @Override
  public Map<String, Object> inputs() {
    return run.ex.request.inputs();
  }

  @Override
  public void setConversationVariable(String name, Object value) {
    run.pool.setConversation(name, value);
  }

  @Override
  public SubgraphResult runBody(String bodyOwnerId, Map<String, Object> scope) {
    Graph body = run.ex.workflow.bodies.get(bodyOwnerId);
    if (body == null) {
      throw new IllegalArgumentException("node " + bodyOwnerId + " has no body");
    }
    Object index = scope.get("index");
    String prefix = run.prefix + bodyOwnerId + "#" + (index == null ? "" : Values.text(index)) + "/";
    VariablePool pool = run.pool.child(bodyOwnerId, scope);
    GraphRun sub = new GraphRun(run.ex, body, pool, prefix);
    GraphRun.Result result = sub.run();
    switch (result.status()) {
      case NodeOutcome.SUCCEEDED:
        return new SubgraphResult(pool.ownOutputs(), sub.usage());
      case NodeOutcome.WAITING:
        throw new NodeFailure("loop.waiting_unsupported", "a loop body cannot wait for human input", false);
      case NodeOutcome.CANCELLED:
        throw new NodeFailure("run.cancelled", "the run was stopped", false);
      default:
        throw new NodeFailure(result.errorCode(), (result.failedNodeId() == null ? "" : "node "
            + result.failedNodeId() + ": ") + result.errorMessage(), false);
    }
  }
}
