package io.jingzhi.agent.run;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.app.AppDefinitions;
import io.jingzhi.agent.app.AppDeleted;
import io.jingzhi.agent.app.AppDefinitions.RunnableApp;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.agent.engine.RunInfo;
import io.jingzhi.agent.engine.RunOutcome;
import io.jingzhi.agent.engine.RunRequest;
import io.jingzhi.agent.engine.TokenUsage;
import io.jingzhi.agent.engine.WorkflowEngine;
import io.jingzhi.agent.engine.WorkflowEngine.CompiledWorkflow;
import io.jingzhi.agent.intervention.Interventions;
import io.jingzhi.gateway.api.AppModels;
import io.jingzhi.gateway.api.CallLimits;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts, resumes, cancels and reruns runs. A run is admitted (or refused with 429), stored as queued, executed on a
 * worker, and stored with its trace when it ends or pauses at a human-input node. Intervention comes first for
 * every run with a query: an intervened run is stored as succeeded without executing anything.
 */
@Service
public class RunService {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunService.class);

  /** Sub-workflow runs nest at most this deep (the top run is depth 0). */
  public static final int MAX_DEPTH = 5;

  private final AppDefinitions apps;
  private final WorkflowEngine engine;
  private final CompiledWorkflows compiled;
  private final Interventions interventions;
  private final RunRepository runs;
  private final RunConversations conversations;
  private final RunWorkers workers;
  private final RunFinisher finisher;
  private final ActiveRuns active;
  private final RunAccess access;
  private final RunCallers callers;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Clock clock;

  private final CallLimits limits;

  RunService(AppDefinitions apps, WorkflowEngine engine, CompiledWorkflows compiled, Interventions interventions,
      RunRepository runs, RunConversations conversations, RunWorkers workers, RunFinisher finisher,
      ActiveRuns active, RunAccess access, RunCallers callers, AuditLog audit, JsonMapper json, Clock clock,
      CallLimits limits) {
    this.limits = limits;
    this.apps = apps;
    this.engine = engine;
    this.compiled = compiled;
    this.interventions = interventions;
    this.runs = runs;
    this.conversations = conversations;
    this.workers = workers;
    this.finisher = finisher;
    this.active = active;
    this.access = access;
    this.callers = callers;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /**
   * What to run.
   *
   * @param version null for the published version, 0 for the draft, n for version n
   * @param history earlier turns given by the client (the OpenAI API); null to take them from the conversation
   * @param definition an unsaved definition to run instead of the app's (debug runs from the canvas), or null
   */
  public record Start(String code, Integer version, Map<String, Object> inputs, String query, String conversationId,
      String endUser, List<RunInfo.Turn> history, String source, WorkflowDefinition definition) {}

  /** Starts a run; {@code streaming} queues its events for the caller. Refusals are thrown before anything runs. */
  public RunHandle start(Caller caller, Start s, boolean streaming) {
    RunnableApp app = apps.runnable(caller, s.code(), s.version());
    if (s.definition() != null) {
      app = new RunnableApp(app.appId(), app.code(), app.name(), app.type(), app.projectId(), app.orgId(),
          app.tenantId(), 0, s.definition(), app.environment());
    }
    CompiledWorkflow workflow = s.definition() != null ? engine.compile(s.definition()) : compiled.of(app);
    Caller inner = callers.inner(caller);
    // A key's rpm and concurrency (and its app's, project's, tenant's) hold for app runs as for model calls.
    CallLimits.Admitted admitted = limits.admit(caller, AppModels.PREFIX + app.code());
    RunHandle handle;
    try {
      handle = launch(caller, s, app, workflow, inner, streaming);
    } catch (RuntimeException e) {
      admitted.end();
      throw e;
    }
    handle.done().whenComplete((run, failure) -> admitted.end());
    return handle;
  }

  private RunHandle launch(Caller caller, Start s, RunnableApp app, CompiledWorkflow workflow, Caller inner,
      boolean streaming) {
    var intervened = s.query() == null || s.query().isBlank() ? java.util.Optional.<Interventions.Intervened>empty()
        : interventions.before(inner, app.appId(), s.query());
    RunWorkers.Permit permit = intervened.isPresent() ? null : workers.admit();
    RunConversations.Turn turn;
    long runId;
    try {
      turn = conversations.open(caller, app, s.conversationId(), s.query(), s.endUser(), s.history());
      runId = runs.insert(newRun(caller, app, s.source(), null, turn.conversationId(), s.inputs(), s.query()),
          Run.QUEUED, clock.instant());
    } catch (RuntimeException e) {
      if (permit != null) {
        permit.release();
      }
      throw e;
    }
    apps.used(app.appId());
    RunHandle handle = new RunHandle(runId, streaming);
    handle.emit("run_started", started(runId, app, turn.conversationId()));
    if (intervened.isPresent()) {
      finisher.intervened(runId, app, turn, intervened.get(), handle);
      return handle;
    }
    RunInfo info = new RunInfo(runId, app.code(), app.version(), inner, turn.conversationId(), s.query(),
        turn.history(), 0);
    Execution exec = new Execution(runId, app, workflow, new RunRequest(info, s.inputs(), turn.variables(),
        app.environment()), null, turn.conversationId(), handle, caller, 0);
    active.add(exec);
    try {
      workers.execute(permit, () -> execute(exec, null));
    } catch (RuntimeException e) {
      active.remove(exec);
      finisher.crashed(exec, e);
      throw e;
    }
    return handle;
  }

  /** A new run with the inputs, query and version of an earlier one. */
  public RunHandle rerun(Caller caller, long runId, boolean streaming) {
    Run earlier = access.readable(caller, runId);
    if ("debug".equals(earlier.source())) {
      // It ran a definition from the canvas that was never stored: running the draft instead would be another run.
      throw new AgentException(HttpStatus.CONFLICT, "run.not_rerunnable", "Run " + runId + " was a debug run of a"
          + " definition that was not saved; run it again from the canvas");
    }
    Map<String, Object> inputs = earlier.inputs() == null ? Map.of() : json.convertValue(earlier.inputs(),
        json.getTypeFactory().constructMapType(java.util.LinkedHashMap.class, String.class, Object.class));
    // A rerun is the rerunning caller's own run: a sub-workflow or canvas run becomes an ordinary one.
    String own = caller.authType() == Caller.AuthType.API_KEY ? "api" : "portal";
    String source = earlier.source().equals("sub") ? own : earlier.source();
    return start(caller, new Start(earlier.appCode(), earlier.version(), inputs, earlier.query(), null, null, null,
        source, null), streaming);
  }

  /**
   * Continues a run waiting at a human-input node with the submitted values (checked against the form's fields:
   * 422 {@code run.input_invalid} naming {@code values.<field>}).
   */
  public RunHandle resume(Caller caller, long runId, Map<String, Object> values, boolean streaming) {
    Run run = access.readable(caller, runId);
    if (!Run.WAITING.equals(run.status()) || run.waiting() == null) {
      throw new AgentException(HttpStatus.CONFLICT, "run.not_waiting", "Run " + runId + " is " + run.status()
          + ", not waiting for input");
    }
    Map<String, Object> submitted = HumanInputValues.check(run.waiting().form(), values, json);
    RunnableApp app = apps.runnable(caller, run.appCode(), run.version());
    CompiledWorkflow workflow = compiled.of(app);
    Caller inner = callers.inner(caller);
    String state = runs.state(runId).orElse(null);
    RunWorkers.Permit permit = workers.admit();
    if (!runs.claimWaiting(runId)) {
      permit.release();
      throw new AgentException(HttpStatus.CONFLICT, "run.not_waiting", "Run " + runId
          + " was resumed or cancelled meanwhile");
    }
    RunConversations.Turn turn = conversations.resumeTurn(run);
    RunInfo info = new RunInfo(runId, app.code(), app.version(), inner, run.conversationId(), run.query(),
        turn.history(), 0);
    RunHandle handle = new RunHandle(runId, streaming);
    handle.emit("run_started", started(runId, app, run.conversationId()));
    Execution exec = new Execution(runId, app, workflow, new RunRequest(info, Map.of(), turn.variables(),
        app.environment()), run.parentRunId(), run.conversationId(), handle, caller,
        run.elapsedMs() == null ? 0 : run.elapsedMs());
    RunOutcome waiting = new RunOutcome(Run.WAITING, Map.of(), run.answer(), new TokenUsage(
        run.usage().promptTokens(), run.usage().completionTokens()), null, null, null, turn.variables(),
        state == null ? null : json.readTree(state));
    active.add(exec);
    workers.execute(permit, () -> execute(exec, new Resume(waiting, submitted)));
    return handle;
  }

  /** Stops a queued, running or waiting run; audited. Answers the run as stored once it stopped. */
  public Run cancel(Caller caller, long runId) {
    Run run = access.readable(caller, runId);
    if (run.finished()) {
      throw new AgentException(HttpStatus.CONFLICT, "run.finished", "Run " + runId + " already ended "
          + run.status());
    }
    Execution exec = active.get(runId);
    if (exec != null) {
      stop(exec);
      awaitQuietly(exec.handle);
    } else {
      runs.cancelIdle(runId, clock.instant());
    }
    audit.record(AuditRecord.success(caller, "agent.run.cancel", "agent_run", runId, run.appCode(), run.status(),
        Run.CANCELLED));
    return runs.find(runId).orElseThrow();
  }

  /** An app was deleted: its runs waiting for input or a worker end cancelled ({@code app.deleted}). */
  @EventListener
  void appDeleted(AppDeleted deleted) {
    runs.cancelOfDeletedApp(deleted.appId(), clock.instant());
  }

  /** Stops an execution and the sub-workflow runs it started (a client that went away, a stop button). */
  void stop(Execution exec) {
    exec.requestCancel();
    for (Long child : exec.children) {
      Execution c = active.get(child);
      if (c != null) {
        stop(c);
      }
    }
    runs.cancelIdle(exec.runId, clock.instant()); // still queued: the worker will see it cancelled
    engine.cancel(exec.runId);
  }

  /** The stop of a client that went away: no audit (nobody pressed a button). */
  public void abandon(long runId) {
    Execution exec = active.get(runId);
    if (exec != null) {
      stop(exec);
    }
  }

  record Resume(RunOutcome waiting, Map<String, Object> submitted) {}

  /** Executes on the current thread (a worker, or the parent's thread for a sub-workflow). */
  void execute(Execution exec, Resume resume) {
    RunOutcome outcome;
    try {
      if (resume == null && !runs.start(exec.runId, clock.instant())) {
        active.remove(exec);
        // cancelled while queued: its stream still gets run_finished (cancelled), as a run stopped later does
        finisher.announce(exec.handle, runs.find(exec.runId).orElseThrow());
        return;
      }
      outcome = resume == null ? engine.run(exec.workflow, exec.request, exec)
          : engine.resume(exec.workflow, resume.waiting(), resume.submitted(), exec.request, exec);
    } catch (AgentException e) {
      outcome = failed(e.code(), e.getMessage());
    } catch (RuntimeException e) {
      String id = java.util.UUID.randomUUID().toString();
      log.error("Run {} failed unexpectedly, error id {}", exec.runId, id, e);
      outcome = failed("run.unexpected", "The run failed unexpectedly (error id " + id + ")");
    }
    if (exec.cancelRequested() && !Run.CANCELLED.equals(outcome.status()) && !Run.SUCCEEDED.equals(
        outcome.status())) {
      outcome = new RunOutcome(Run.CANCELLED, outcome.outputs(), outcome.answer(), outcome.usage(), "run.cancelled",
          "Cancelled", outcome.failedNodeId(), outcome.conversation(), null);
    }
    try {
      finisher.finish(exec, outcome);
    } catch (RuntimeException e) {
      exec.handle.fail(e);
      throw e;
    } finally {
      active.remove(exec);
    }
  }

  private static RunOutcome failed(String code, String message) {
    return new RunOutcome(Run.FAILED, Map.of(), "", TokenUsage.NONE, code, message, null, null, null);
  }

  /**
   * A sub-workflow: runs {@code code} on this thread (depth + 1) and answers it as stored. The child app is resolved
   * and run as the parent's inner caller (for an API-key run, the key's creator: the key itself may run only its own
   * app); the child run is recorded for whoever started the parent (the key stays on it).
   * Refuses ({@link io.jingzhi.agent.engine.NodeFailure}) beyond {@link #MAX_DEPTH} and an app already running above.
   */
  public Run runChild(RunInfo parent, String code, Integer version, Map<String, Object> inputs) {
    if (parent.depth() + 1 > MAX_DEPTH) {
      throw new io.jingzhi.agent.engine.NodeFailure("sub_workflow.too_deep", "Sub-workflows nest at most "
          + MAX_DEPTH + " deep", false);
    }
    if (active.ancestorApps(parent.runId()).contains(code)) {
      throw new io.jingzhi.agent.engine.NodeFailure("sub_workflow.recursion", "App " + code
          + " is already running above this node (recursion)", false);
    }
    Caller inner = parent.caller();
    Execution parentExec = active.get(parent.runId());
    Caller owner = parentExec != null ? parentExec.owner : inner;
    RunnableApp app = apps.runnable(inner, code, version);
    CompiledWorkflow workflow = compiled.of(app);
    long runId = runs.insert(newRun(owner, app, "sub", parent.runId(), null, inputs, null), Run.QUEUED,
        clock.instant());
    apps.used(app.appId());
    RunHandle handle = new RunHandle(runId, false);
    RunInfo info = new RunInfo(runId, app.code(), app.version(), inner, null, null, List.of(), parent.depth() + 1);
    Execution exec = new Execution(runId, app, workflow, new RunRequest(info, inputs, Map.of(), app.environment()),
        parent.runId(), null, handle, owner, 0);
    if (parentExec != null) {
      parentExec.children.add(runId);
    }
    active.add(exec);
    try {
      execute(exec, null);
    } finally {
      if (parentExec != null) {
        parentExec.children.remove(runId);
      }
    }
    return handle.done().join();
  }

  private RunRepository.NewRun newRun(Caller caller, RunnableApp app, String source, Long parent,
      String conversationId, Map<String, Object> inputs, String query) {
    return new RunRepository.NewRun(app.appId(), app.code(), app.version(), app.tenantId(), app.projectId(),
        caller.userId(), caller.username(), caller.apiKeyId(), source, parent, conversationId,
        json.writeValueAsString(inputs == null ? Map.of() : inputs), query);
  }

  private static Map<String, Object> started(long runId, RunnableApp app, String conversationId) {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("run_id", runId);
    data.put("app", app.code());
    data.put("version", app.version());
    data.put("conversation_id", conversationId);
    return data;
  }

  /** Waits for a stopped run to be stored; the engine stops at the next node boundary or interrupt. */
  private static void awaitQuietly(RunHandle handle) {
    try {
      handle.done().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // answered as stored: still running if the engine did not stop in time
    }
  }
}
