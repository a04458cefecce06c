package io.jingzhi.agent.run;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Callers;
import io.jingzhi.iam.api.Permissions;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The run API (docs/agent-api.md, "Runs"): run, debug, history with traces, rerun, cancel, human input, stats. */
@RestController
public class RunController {

  private final RunService service;
  private final RunAccess access;
  private final RunRepository runs;
  private final RunStats stats;
  private final RunStream stream;
  private final RunQueries queries;
  private final JsonMapper json;

  RunController(RunService service, RunAccess access, RunRepository runs, RunStats stats, RunStream stream,
      RunQueries queries, JsonMapper json) {
    this.service = service;
    this.access = access;
    this.runs = runs;
    this.stats = stats;
    this.stream = stream;
    this.queries = queries;
    this.json = json;
  }

  @PostMapping(value = "/api/v1/apps/{code}/run", consumes = MediaType.APPLICATION_JSON_VALUE)
  public void run(@PathVariable String code, @RequestBody JsonNode body, HttpServletResponse response)
      throws IOException {
    Caller caller = Callers.current();
    caller.require(Permissions.AGENT_INVOKE);
    RunBodies.RunBody b = RunBodies.run(body, json);
    String source = caller.authType() == Caller.AuthType.API_KEY ? "api" : "portal";
    RunHandle handle = service.start(caller, new RunService.Start(code, b.version(), b.inputs(), b.query(),
        b.conversationId(), null, null, source, null), b.stream());
    answer(handle, b.stream(), response);
  }

  @PostMapping(value = "/api/v1/apps/{code}/debug", consumes = MediaType.APPLICATION_JSON_VALUE)
  public void debug(@PathVariable String code, @RequestBody JsonNode body, HttpServletResponse response) {
    Caller caller = Callers.current();
    access.editable(caller, code);
    RunBodies.DebugBody b = RunBodies.debug(body, json);
    RunHandle handle = service.start(caller, new RunService.Start(code, 0, b.inputs(), b.query(), null, null, null,
        "debug", b.definition()), true);
    stream.write(handle, response);
  }

  @GetMapping("/api/v1/apps/{code}/runs")
  public Map<String, Object> list(@PathVariable String code, @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String status, @RequestParam(required = false) Long before) {
    return queries.latest(Callers.current(), code, limit, status, before);
  }

  @GetMapping("/api/v1/runs/{id}")
  public Run get(@PathVariable long id) {
    return queries.live(access.readable(Callers.current(), id));
  }

  @PostMapping("/api/v1/runs/{id}/rerun")
  public void rerun(@PathVariable long id, @RequestBody(required = false) JsonNode body,
      HttpServletResponse response) throws IOException {
    Caller caller = Callers.current();
    caller.require(Permissions.AGENT_INVOKE);
    boolean streaming = RunBodies.streamOnly(body);
    answer(service.rerun(caller, id, streaming), streaming, response);
  }

  @PostMapping("/api/v1/runs/{id}/cancel")
  @Audited(value = "agent.run.cancel", target = "agent_run")
  public Run cancel(@PathVariable long id) {
    return service.cancel(Callers.current(), id);
  }

  @PostMapping(value = "/api/v1/runs/{id}/input", consumes = MediaType.APPLICATION_JSON_VALUE)
  public void input(@PathVariable long id, @RequestBody JsonNode body, HttpServletResponse response)
      throws IOException {
    Caller caller = Callers.current();
    caller.require(Permissions.AGENT_INVOKE);
    RunBodies.InputBody b = RunBodies.input(body, json);
    answer(service.resume(caller, id, b.values(), b.stream()), b.stream(), response);
  }

  @GetMapping("/api/v1/apps/{code}/stats")
  public RunStats.Stats stats(@PathVariable String code, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    return stats.of(access.editable(Callers.current(), code).appId(), from, to);
  }

  @GetMapping("/api/v1/apps/{code}/conversations")
  public List<Conversation> conversations(@PathVariable String code,
      @RequestParam(required = false) Integer limit) {
    return queries.conversations(Callers.current(), code, limit);
  }

  @GetMapping("/api/v1/conversations/{id}")
  public Conversation conversation(@PathVariable String id) {
    return queries.conversation(Callers.current(), id);
  }

  /** SSE until the run ends or pauses, or the run as JSON once it did. */
  private void answer(RunHandle handle, boolean streaming, HttpServletResponse response) throws IOException {
    if (streaming) {
      stream.write(handle, response);
      return;
    }
    Run run;
    try {
      run = handle.done().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    Map<String, Object> body = new LinkedHashMap<>(RunFinisher.finished(run));
    response.setStatus(200);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.getOutputStream().write(json.writeValueAsBytes(body));
  }

  static ApiException badStatus(String status) {
    return new AgentException(HttpStatus.BAD_REQUEST, "validation_failed", "status: unknown run status " + status);
  }
}
