package io.jingzhi.agent.engine;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.definition.InputChecker;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.common.error.FieldError;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Compiles workflow definitions and runs them: nodes run as soon as every incoming edge is decided, branches that
 * were not taken are skipped, independent branches run in parallel, per-node policies (timeout, retries,
 * fallback, error branch) apply, and every node execution is reported to the {@link RunListener}.
 *
 * <p>Executors are looked up lazily, so an executor may itself depend on the engine (a sub-workflow node).
 */
@Component
public class WorkflowEngine implements DisposableBean {

  /** Deepest nesting of runs (sub-workflows calling sub-workflows) the engine accepts; {@code RunInfo.depth}. */
  public static final int MAX_DEPTH = 5;

  private final Supplier<List<NodeExecutor>> executorSource;
  private volatile Map<String, NodeExecutor> executors;
  private final AgentProperties.Engine settings;
  /** Interrupts node attempts at their timeout: one daemon thread for all runs. */
  private final ScheduledThreadPoolExecutor timers = timers();
  private final Map<Long, Set<Execution>> live = new ConcurrentHashMap<>();

  @Autowired
  public WorkflowEngine(ObjectProvider<NodeExecutor> executors, AgentProperties properties) {
    this.executorSource = () -> executors.orderedStream().toList();
    this.settings = properties.engine();
  }

  /** An engine with the given executors (tests, benchmarks). */
  public WorkflowEngine(List<NodeExecutor> executors, AgentProperties.Engine settings) {
    this.executorSource = () -> executors;
    this.settings = settings;
  }

  Map<String, NodeExecutor> executors() {
    Map<String, NodeExecutor> map = executors;
    if (map == null) {
      map = new HashMap<>();
      for (NodeExecutor executor : executorSource.get()) {
        NodeExecutor before = map.put(executor.type(), executor);
        if (before != null) {
          throw new IllegalStateException("two executors for node type " + executor.type() + ": "
              + before.getClass().getName() + " and " + executor.getClass().getName());
        }
      }
      executors = map = Map.copyOf(map);
    }
    return map;
  }

  AgentProperties.Engine settings() {
    return settings;
  }

  /**
   * Every problem of the definition (cycles, dangling edges and references, unknown node types, type mismatches,
   * invalid node configs), each with the field path {@code nodes.<id>.<field>} (or {@code edges[<i>]}).
   * Empty when the definition can run.
   */
  public List<FieldError> validate(WorkflowDefinition definition) {
    return validate(definition, null);
  }

  /**
   * {@link #validate(WorkflowDefinition)} for the definition of the app {@code appCode} (null when unknown), so
   * nodes can refuse what only that app makes wrong, such as a sub-workflow calling its own app
   * ({@link Validation#appCode()}).
   */
  public List<FieldError> validate(WorkflowDefinition definition, String appCode) {
    return new DefinitionValidator(executors(), settings, appCode).validate(definition);
  }

  /**
   * A definition checked and prepared for running many times (topology, resolved executors, parsed templates).
   * Throws {@code AgentException} 422 {@code workflow.invalid} with the problems of {@link #validate}.
   */
  public CompiledWorkflow compile(WorkflowDefinition definition) {
    List<FieldError> problems = validate(definition);
    if (!problems.isEmpty()) {
      FieldError first = problems.get(0);
      throw new AgentException(HttpStatus.UNPROCESSABLE_CONTENT, "workflow.invalid",
          "The workflow is not valid: " + first.field() + ": " + first.message()
              + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""), problems);
    }
    return new Compiler(executors(), settings.nodeTimeout().toMillis()).compile(definition);
  }

  /** Runs the workflow on the calling thread (parallel branches on virtual threads) until it ends or waits. */
  public RunOutcome run(CompiledWorkflow workflow, RunRequest request, RunListener listener) {
    CompiledDefinition compiled = (CompiledDefinition) workflow;
    if (request.info() != null && request.info().depth() > MAX_DEPTH) {
      return new RunOutcome(NodeOutcome.FAILED, Map.of(), "", TokenUsage.NONE, "run.too_deep",
          "workflows call each other more than " + MAX_DEPTH + " levels deep", null, request.conversation(), null);
    }
    VariablePool pool = new VariablePool(sys(request), request.environment(),
        compiled.conversation(request.conversation()));
    Execution ex = new Execution(settings, timers, compiled, request, listener, pool, 0, "", TokenUsage.NONE);
    return execute(ex, new GraphRun(ex, compiled.root, pool, ""));
  }

  /**
   * Continues a run that waits at a human-input node: {@code submitted} becomes that node's outputs (checked
   * against its form), then the run goes on from there. With several nodes waiting, the first one listed in the
   * state takes the values and the others ask again.
   */
  public RunOutcome resume(CompiledWorkflow workflow, RunOutcome waiting, Map<String, Object> submitted,
      RunRequest request, RunListener listener) {
    CompiledDefinition compiled = (CompiledDefinition) workflow;
    JsonNode state = waiting == null ? null : waiting.state();
    RunState.check(state, compiled.root);
    @SuppressWarnings("unchecked")
    Map<String, Object> conversation = state.path("conversation").isObject()
        ? (Map<String, Object>) Values.plain(state.get("conversation")) : request.conversation();
    VariablePool pool = new VariablePool(sys(request), request.environment(), conversation);
    TokenUsage usage = new TokenUsage(state.path("prompt_tokens").asInt(0), state.path("completion_tokens").asInt(0));
    Execution ex = new Execution(settings, timers, compiled, request, listener, pool, state.path("steps").asInt(0),
        state.path("answer").asString(""), usage);
    if (state.path("end_outputs").isObject()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> end = (Map<String, Object>) Values.plain(state.get("end_outputs"));
      ex.endOutputs(end);
    }
    GraphRun root = new GraphRun(ex, compiled.root, pool, "");
    int node = RunState.restore(state, root);
    Map<String, Object> values = checkSubmitted(state.path("waiting").get(0).path("form"),
        submitted == null ? Map.of() : submitted);
    NodePlan plan = compiled.root.plans[node];
    ex.listener.nodeFinished(new NodeTrace(plan.id(), plan.id(), plan.type(), plan.title(), NodeOutcome.SUCCEEDED,
        Map.of(), values, Map.of("resumed", true), null, 1, null, null, Instant.now(), 0, TokenUsage.NONE));
    root.resumeNode(node, values);
    return execute(ex, root);
  }

  /** Checks submitted values against the form's {@code fields} (when it declares them) like start inputs. */
  private static Map<String, Object> checkSubmitted(JsonNode form, Map<String, Object> submitted) {
    if (form == null || !form.path("fields").isArray()) {
      return new LinkedHashMap<>(submitted);
    }
    try {
      return InputChecker.check(InputChecker.fields(form.get("fields")), submitted, 0);
    } catch (InputChecker.InvalidInput e) {
      throw new AgentException(HttpStatus.UNPROCESSABLE_CONTENT, "run.invalid_input", e.getMessage(),
          List.of(new FieldError("values." + e.input(), e.reason())));
    }
  }

  /** Cancels every run currently executing with this run id (a client disconnect or a stop button). */
  public void cancel(long runId) {
    Set<Execution> running = live.get(runId);
    if (running != null) {
      running.forEach(Execution::cancel);
    }
  }

  private RunOutcome execute(Execution ex, GraphRun root) {
    long runId = ex.runId();
    live.computeIfAbsent(runId, k -> ConcurrentHashMap.newKeySet()).add(ex);
    if (ex.listener.cancelRequested()) { // stopped before it was live: cancel(runId) did not see it
      ex.cancel();
    }
    try {
      GraphRun.Result result = root.run();
      JsonNode state = NodeOutcome.WAITING.equals(result.status()) ? RunState.snapshot(ex, root) : null;
      return new RunOutcome(result.status(), ex.endOutputs(), ex.answer(), ex.usage(), result.errorCode(),
          result.errorMessage(), result.failedNodeId(), ex.pool.conversation(), state);
    } finally {
      live.computeIfPresent(runId, (k, set) -> {
        set.remove(ex);
        return set.isEmpty() ? null : set;
      });
    }
  }

  private static Map<String, Object> sys(RunRequest request) {
    Map<String, Object> sys = new HashMap<>();
    RunInfo info = request.info();
    if (info != null) {
      sys.put("run_id", info.runId());
      sys.put("app_code", info.appCode());
      sys.put("conversation_id", info.conversationId());
      sys.put("query", info.query());
      if (info.caller() != null) {
        sys.put("user_id", info.caller().userId());
        sys.put("username", info.caller().username());
      }
    }
    sys.values().removeIf(java.util.Objects::isNull);
    return Map.copyOf(sys);
  }

  /** Stops the timeout timer (runs still in progress lose their timeouts, as the process is going down). */
  @Override
  public void destroy() {
    timers.shutdownNow();
  }

  private static ScheduledThreadPoolExecutor timers() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
        Thread.ofPlatform().daemon().name("workflow-timeouts").factory());
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }

  /** A definition ready to run. */
  public interface CompiledWorkflow {
    WorkflowDefinition definition();
  }
}
