package io.jingzhi.agent.run;

import io.jingzhi.agent.app.AppDefinitions;
import io.jingzhi.agent.engine.RunInfo;
import io.jingzhi.gateway.api.AppModels;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.springframework.stereotype.Component;

/**
 * Published apps as models {@code app/<code>} on the OpenAI-compatible API. The run is an ordinary run (source
 * {@code openai}) whose history is the chat the client sent; its events are taken on the request thread, so a
 * client that goes away (a failed write in the listener, also of the keep-alive written while the run is quiet)
 * cancels the run.
 */
@Component
class AppModelBridge implements AppModels {

  private final AppDefinitions apps;
  private final RunService service;

  AppModelBridge(AppDefinitions apps, RunService service) {
    this.apps = apps;
    this.service = service;
  }

  @Override
  public List<AppModel> visible(Caller caller) {
    if (!caller.can(Permissions.AGENT_INVOKE)) {
      return List.of();
    }
    return apps.usable(caller).stream().map(a -> new AppModel(PREFIX + a.code(), a.name(), null)).toList();
  }

  @Override
  public AppAnswer run(Caller caller, AppCall call, Listener listener) {
    caller.require(Permissions.AGENT_INVOKE);
    List<RunInfo.Turn> history = call.history().stream().map(t -> new RunInfo.Turn(t.query(), t.answer())).toList();
    RunHandle handle = service.start(caller, new RunService.Start(call.code(), null, call.inputs(), call.query(),
        null, call.endUser(), history, "openai", null), true);
    try {
      RunHandle.Event e;
      while ((e = handle.next(IDLE_MS)) != RunHandle.END) {
        if (e == null) {
          listener.idle();
          continue;
        }
        switch (e.name()) {
          case "run_started" -> listener.started(handle.runId());
          case "message" -> listener.delta((String) e.data().get("delta"));
          default -> { }
        }
      }
    } catch (InterruptedException gone) {
      Thread.currentThread().interrupt();
      service.abandon(handle.runId());
      throw new IllegalStateException("interrupted while the app ran", gone);
    } catch (RuntimeException gone) {
      service.abandon(handle.runId()); // the client left: a write failed
      throw gone;
    }
    Run run;
    try {
      run = handle.done().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return new AppAnswer(run.id(), run.status(), run.answer(), run.usage().promptTokens(),
        run.usage().completionTokens(), run.error() == null ? null : run.error().code(),
        run.error() == null ? null : run.error().message());
  }
}
