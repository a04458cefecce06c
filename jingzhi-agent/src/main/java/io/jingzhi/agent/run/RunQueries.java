package io.jingzhi.agent.run;

import io.jingzhi.agent.engine.NodeTrace;
import io.jingzhi.iam.api.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reading runs and conversations for the API: an app's latest runs with their traces, one run (a run still
 * executing shows the nodes finished so far from memory, since its trace is written when it ends), conversations.
 */
@Component
class RunQueries {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 200;
  private static final Set<String> STATUSES = Set.of(Run.QUEUED, Run.RUNNING, Run.WAITING, Run.SUCCEEDED, Run.FAILED,
      Run.CANCELLED);

  private final RunAccess access;
  private final RunRepository runs;
  private final ConversationRepository conversations;
  private final RunConversations owned;
  private final ActiveRuns active;

  RunQueries(RunAccess access, RunRepository runs, ConversationRepository conversations, RunConversations owned,
      ActiveRuns active) {
    this.access = access;
    this.runs = runs;
    this.conversations = conversations;
    this.owned = owned;
    this.active = active;
  }

  /** {@code items} newest first; {@code next_before} pages further back (null at the end). */
  Map<String, Object> latest(Caller caller, String code, Integer limit, String status, Long before) {
    int n = limit == null ? DEFAULT_LIMIT : limit;
    if (n < 1 || n > MAX_LIMIT) {
      throw io.jingzhi.common.error.ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
    }
    if (status != null && !STATUSES.contains(status)) {
      throw RunController.badStatus(status);
    }
    RunAccess.AppScope scope = access.app(caller, code);
    Long user = scope.all() || caller.authType() == Caller.AuthType.API_KEY ? null : caller.userId();
    Long key = caller.authType() == Caller.AuthType.API_KEY ? caller.apiKeyId() : null;
    List<Run> items = runs.latest(scope.app().appId(), user, key, status, before, n).stream().map(this::live)
        .toList();
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("items", items);
    page.put("next_before", items.size() == n ? items.getLast().id() : null);
    return page;
  }

  /** The run with the nodes finished so far when it is executing in this process. */
  Run live(Run run) {
    Execution exec = active.get(run.id());
    if (exec == null || run.finished()) {
      return run;
    }
    List<Run.Node> nodes = new ArrayList<>(run.nodes());
    int seq = nodes.size();
    for (NodeTrace t : exec.traces()) {
      long us = t.elapsedMicros();
      nodes.add(new Run.Node(++seq, t.executionId(), t.nodeId(), t.type(), t.title(), t.status(), null, null, null,
          t.handle(), t.attempts(), t.errorCode() == null ? null : new Run.Failure(t.errorCode(), t.errorMessage()),
          t.startedAt(), us, us / 1000, t.usage() == null ? Run.Usage.of(0, 0)
              : Run.Usage.of(t.usage().promptTokens(), t.usage().completionTokens())));
    }
    for (Map<String, Object> r : exec.runningNodes()) {
      nodes.add(new Run.Node(++seq, (String) r.get("execution_id"), (String) r.get("node_id"), (String) r.get("type"),
          (String) r.get("title"), "running", null, null, null, null, 1, null, null, 0, 0, Run.Usage.of(0, 0)));
    }
    return run.withNodes(nodes);
  }

  List<Conversation> conversations(Caller caller, String code, Integer limit) {
    int n = limit == null ? 50 : limit;
    if (n < 1 || n > MAX_LIMIT) {
      throw io.jingzhi.common.error.ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
    }
    RunAccess.AppScope scope = access.app(caller, code);
    return conversations.owned(scope.app().appId(), caller.userId(), caller.apiKeyId(), n);
  }

  Conversation conversation(Caller caller, String id) {
    Conversation c = owned.owned(caller, id);
    return new Conversation(c.id(), c.appId(), c.appCode(), c.tenantId(), c.userId(), c.apiKeyId(), c.endUser(),
        c.title(), c.turnCount(), c.createdAt(), c.updatedAt(), conversations.turns(id, 500));
  }
}
