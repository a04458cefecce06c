package io.jingzhi.agent.engine;

import io.jingzhi.agent.AgentException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plain-JSON snapshot of a run paused at human input, and its restoration: node states with their outputs,
 * decided edges, the nodes waiting, the conversation, the answer so far, usage and steps. Plain JSON so the run
 * service can store it and another JVM can resume it after a restart.
 */
final class RunState {

  static final String FORMAT = "jingzhi-run-state/1";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RunState() {}

  static ObjectNode snapshot(Execution ex, GraphRun run) {
    ObjectNode state = NODES.objectNode();
    state.put("format", FORMAT);
    state.put("node_count", run.graph.size());
    state.put("edge_count", run.edges.length);
    ObjectNode nodes = state.putObject("nodes");
    for (int i = 0; i < run.state.length; i++) {
      String id = run.graph.plans[i].id();
      if (run.state[i] == GraphRun.DONE && run.outcomes[i] != null) {
        ObjectNode n = nodes.putObject(id);
        n.put("status", run.outcomes[i].status());
        n.set("outputs", Values.tree(run.outcomes[i].outputs()));
        if (run.outcomes[i].handle() != null) {
          n.put("handle", run.outcomes[i].handle());
        }
      } else if (run.state[i] == GraphRun.SKIPPED) {
        nodes.putObject(id).put("status", NodeOutcome.SKIPPED);
      }
    }
    StringBuilder edges = new StringBuilder(run.edges.length);
    for (byte e : run.edges) {
      edges.append(e == GraphRun.LIVE ? 'L' : e == GraphRun.DEAD ? 'D' : 'U');
    }
    state.put("edges", edges.toString());
    ArrayNode waiting = state.putArray("waiting");
    for (GraphRun.Waiting w : run.waiting) {
      ObjectNode n = waiting.addObject();
      n.put("node", run.graph.plans[w.node()].id());
      n.set("form", w.form());
    }
    ObjectNode answers = state.putObject("answer_positions");
    run.answers.started().forEach(answers::put);
    state.set("conversation", Values.tree(ex.pool.conversation()));
    state.put("answer", ex.answer());
    state.set("end_outputs", Values.tree(ex.endOutputs()));
    state.put("prompt_tokens", ex.usage().promptTokens());
    state.put("completion_tokens", ex.usage().completionTokens());
    state.put("steps", ex.steps());
    return state;
  }

  static void check(JsonNode state, Graph graph) {
    if (state == null || !state.isObject() || !FORMAT.equals(state.path("format").asString(""))) {
      throw new AgentException(HttpStatus.CONFLICT, "run.not_waiting", "The run has no paused state to resume");
    }
    if (state.path("node_count").asInt(-1) != graph.size()
        || state.path("edge_count").asInt(-1) != graph.edges.length
        || state.path("edges").asString("").length() != graph.edges.length) {
      throw new AgentException(HttpStatus.CONFLICT, "run.state_mismatch",
          "The paused run's state does not belong to this workflow version");
    }
    if (!state.path("waiting").isArray() || state.path("waiting").isEmpty()) {
      throw new AgentException(HttpStatus.CONFLICT, "run.not_waiting", "The run waits for no input");
    }
  }

  /** Puts the snapshot back into a fresh root graph run; the first waiting node is returned, not restored. */
  static int restore(JsonNode state, GraphRun run) {
    Graph graph = run.graph;
    for (Map.Entry<String, JsonNode> e : state.path("nodes").properties()) {
      Integer i = graph.indexOf(e.getKey());
      if (i == null) {
        throw new AgentException(HttpStatus.CONFLICT, "run.state_mismatch", "Unknown node " + e.getKey());
      }
      String status = e.getValue().path("status").asString();
      if (NodeOutcome.SKIPPED.equals(status)) {
        run.state[i] = GraphRun.SKIPPED;
        run.answers.skipped(i);
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> outputs = e.getValue().path("outputs").isObject()
          ? (Map<String, Object>) Values.plain(e.getValue().get("outputs")) : Map.of();
      String handle = e.getValue().hasNonNull("handle") ? e.getValue().get("handle").asString() : null;
      run.outcomes[i] = new NodeOutcome(status, outputs, handle, TokenUsage.NONE, null, null, null);
      run.state[i] = GraphRun.DONE;
      run.pool.put(e.getKey(), outputs);
      run.answers.skipped(i);
    }
    String edges = state.path("edges").asString();
    for (int e = 0; e < edges.length(); e++) {
      char c = edges.charAt(e);
      run.edges[e] = c == 'L' ? GraphRun.LIVE : c == 'D' ? GraphRun.DEAD : GraphRun.UNDECIDED;
    }
    state.path("answer_positions").properties().forEach(p -> run.answers.restore(p.getKey(), p.getValue().asInt()));
    String first = state.path("waiting").get(0).path("node").asString();
    Integer waitingNode = graph.indexOf(first);
    if (waitingNode == null) {
      throw new AgentException(HttpStatus.CONFLICT, "run.state_mismatch", "Unknown node " + first);
    }
    return waitingNode;
  }
}
