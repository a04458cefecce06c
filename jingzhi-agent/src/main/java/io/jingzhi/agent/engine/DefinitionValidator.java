package io.jingzhi.agent.engine;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.definition.EdgeSpec;
import io.jingzhi.agent.definition.NodePolicy;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.common.error.FieldError;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks a definition before it is saved or run and collects every problem, each naming its field
 * ({@code nodes.<id>.config.<field>}, {@code nodes.<id>.policy.retries}, {@code edges[3].source_handle}): ids,
 * node types, the start node, edges and their exits, cycles, unreachable nodes, policies, references in every
 * config string, loop bodies (recursively), then each executor's own checks.
 */
final class DefinitionValidator {

  /**
   * A reference whose closing braces are missing or half there (two opening braces, node.field, then one closing
   * brace, other text or the end): it would print as literal text. Braces around anything else stay literal on
   * purpose (JSON examples in prompts).
   */
  private static final Pattern UNCLOSED_REFERENCE = Pattern.compile(
      "\\{\\{\\s*([A-Za-z_][\\w-]*\\.[\\w.\\[\\]-]*[\\w\\]])\\s*(?:}(?!})|$|[^}\\w.\\[\\]\\s-])");

  private static final long MAX_TIMEOUT_MS = 3_600_000;
  private static final long MAX_RETRY_INTERVAL_MS = 600_000;

  private final Map<String, NodeExecutor> executors;
  private final AgentProperties.Engine settings;
  /** The app whose definition this is (null when validated on its own): nodes may refuse calling it. */
  private final String appCode;
  private final List<FieldError> problems = new ArrayList<>();
  private final List<Level> levels = new ArrayList<>();
  private final Map<String, References.Located> located = new LinkedHashMap<>();

  DefinitionValidator(Map<String, NodeExecutor> executors, AgentProperties.Engine settings, String appCode) {
    this.executors = executors;
    this.settings = settings;
    this.appCode = appCode;
  }

  List<FieldError> validate(WorkflowDefinition definition) {
    if (definition == null) {
      return List.of(new FieldError("definition", "is required"));
    }
    Level top = new Level(null, null, -1, new Topology(definition.nodes(), definition.edges()), "");
    collect(top);
    if (located.size() > settings.maxNodes()) {
      error("nodes", "a workflow has at most " + settings.maxNodes() + " nodes (loop bodies included), this one "
          + located.size());
    }
    for (Level level : levels) {
      structure(level);
    }
    References references = new References(definition, located, executors);
    for (Level level : levels) {
      for (int i = 0; i < level.topology().size(); i++) {
        NodeSpec node = level.node(i);
        if (node == null || !Ids.valid(node.id()) || located.get(node.id()).level() != level
            || located.get(node.id()).index() != i) {
          continue;
        }
        policy(level, i, references);
        references(level, i, references);
        executorChecks(level, i, references);
      }
    }
    return List.copyOf(problems);
  }

  private void error(String field, String message) {
    problems.add(new FieldError(field, message));
  }

  /** Ids and loop bodies, depth first; registers every level and node. */
  private void collect(Level level) {
    levels.add(level);
    for (int i = 0; i < level.topology().size(); i++) {
      NodeSpec node = level.node(i);
      if (node == null) {
        error(level.path() + "nodes[" + i + "]", "is empty");
        continue;
      }
      if (!Ids.valid(node.id())) {
        error(level.path() + "nodes[" + i + "].id", node.id() == null ? "is required"
            : "must match [a-z][a-z0-9_]* and not be sys, env or conv: " + node.id());
        continue;
      }
      if (located.containsKey(node.id())) {
        error("nodes." + node.id() + ".id", "duplicate node id " + node.id());
        continue;
      }
      located.put(node.id(), new References.Located(level, i));
      if (!node.config().isObject()) {
        error("nodes." + node.id() + ".config", "must be an object");
      }
      if (node.type() == null || node.type().isBlank()) {
        error("nodes." + node.id() + ".type", "is required");
      } else if (!executors.containsKey(node.type())) {
        error("nodes." + node.id() + ".type", "unknown node type " + node.type());
      }
      if (Bodies.hasBody(node)) {
        try {
          Bodies.Body body = Bodies.of(node);
          if (body.nodes().isEmpty()) {
            error("nodes." + node.id() + ".config.body.nodes", "a loop body needs at least one node");
          }
          collect(new Level(node.id(), level, i, new Topology(body.nodes(), body.edges()),
              "nodes." + node.id() + ".config.body."));
        } catch (IllegalArgumentException e) {
          error("nodes." + node.id() + ".config.body", e.getMessage());
        }
      }
    }
  }

  /** Start and end nodes, edges and exits, cycles, reachability of one level. */
  private void structure(Level level) {
    Topology topology = level.topology();
    List<Integer> starts = new ArrayList<>();
    boolean ends = false;
    for (int i = 0; i < topology.size(); i++) {
      NodeSpec node = level.node(i);
      if (node == null || !Ids.valid(node.id())) {
        continue;
      }
      if ("start".equals(node.type())) {
        if (level.owner() != null) {
          error("nodes." + node.id() + ".type", "a loop body has no start node: nodes without incoming edges "
              + "start each iteration");
        } else {
          starts.add(i);
        }
      }
      ends |= "answer".equals(node.type()) || "end".equals(node.type());
    }
    if (level.owner() == null) {
      if (starts.isEmpty()) {
        error("nodes", "a workflow needs exactly one start node");
      }
      for (int s = 1; s < starts.size(); s++) {
        error("nodes." + level.node(starts.get(s)).id() + ".type", "a workflow has exactly one start node");
      }
      if (!ends) {
        error("nodes", "a workflow needs at least one answer or end node");
      }
    }
    edges(level, starts);
    int cyclic = topology.nodeOnCycle();
    if (cyclic >= 0) {
      error(level.nodesField(cyclic), "is on a cycle (edges lead back to it); repeat work with a loop node");
    } else if (level.owner() == null && starts.size() == 1) {
      BitSet reached = topology.reachableFrom(List.of(starts.get(0)));
      for (int i = 0; i < topology.size(); i++) {
        if (!reached.get(i) && level.node(i) != null && Ids.valid(level.node(i).id())) {
          error(level.nodesField(i), "cannot be reached from the start node");
        }
      }
    }
  }

  private void edges(Level level, List<Integer> starts) {
    Topology topology = level.topology();
    for (int e = 0; e < topology.edges.size(); e++) {
      EdgeSpec edge = topology.edges.get(e);
      String field = level.edgeField(e);
      if (edge == null) {
        error(field, "is empty");
        continue;
      }
      if (topology.source[e] < 0) {
        error(field + ".source", edge.source() == null ? "is required" : "unknown node " + edge.source());
      }
      if (topology.target[e] < 0) {
        error(field + ".target", edge.target() == null ? "is required" : "unknown node " + edge.target());
      } else if (starts.contains(topology.target[e])) {
        error(field + ".target", "no edge may lead into the start node");
      }
      if (topology.source[e] >= 0) {
        exit(level.node(topology.source[e]), edge, field);
      }
    }
  }

  /** The edge leaves from an exit its source has. */
  private void exit(NodeSpec source, EdgeSpec edge, String field) {
    NodeExecutor executor = executors.get(source.type());
    if (executor == null) {
      return;
    }
    Set<String> handles;
    try {
      handles = new HashSet<>(executor.handles(source));
    } catch (RuntimeException e) {
      return; // the executor's validate names the broken config
    }
    boolean branch = source.policy() != null && NodePolicy.BRANCH.equals(source.policy().onError());
    String h = edge.sourceHandle();
    if (h == null) {
      if (!handles.isEmpty()) {
        error(field + ".source_handle", "node " + source.id() + " branches: name the exit, one of "
            + String.join(", ", sorted(handles, branch)));
      }
      return;
    }
    if (!handles.contains(h) && !(branch && NodePolicy.ERROR_HANDLE.equals(h))) {
      error(field + ".source_handle", "node " + source.id() + " has no exit " + h
          + (handles.isEmpty() && !branch ? " (it has a single exit: leave source_handle out)"
              : ", its exits are " + String.join(", ", sorted(handles, branch)))
          + (NodePolicy.ERROR_HANDLE.equals(h) ? "; an error exit needs policy.on_error: branch" : ""));
    }
  }

  private static List<String> sorted(Set<String> handles, boolean branch) {
    List<String> all = new ArrayList<>(handles);
    all.sort(null);
    if (branch) {
      all.add(NodePolicy.ERROR_HANDLE);
    }
    return all;
  }

  private void policy(Level level, int i, References references) {
    NodeSpec node = level.node(i);
    NodePolicy p = node.policy();
    if (p == null) {
      return;
    }
    String field = "nodes." + node.id() + ".policy.";
    if (p.retries() != null && (p.retries() < 0 || p.retries() > 10)) {
      error(field + "retries", "must be 0 to 10");
    }
    if (p.timeoutMs() != null && (p.timeoutMs() < 1 || p.timeoutMs() > MAX_TIMEOUT_MS)) {
      error(field + "timeout_ms", "must be 1 ms to 1 hour (3600000)");
    }
    if (p.retryIntervalMs() != null && (p.retryIntervalMs() < 0 || p.retryIntervalMs() > MAX_RETRY_INTERVAL_MS)) {
      error(field + "retry_interval_ms", "must be 0 to 600000 ms");
    }
    if (p.onError() != null && !List.of(NodePolicy.FAIL, NodePolicy.FALLBACK, NodePolicy.BRANCH)
        .contains(p.onError())) {
      error(field + "on_error", "must be fail, fallback or branch");
    }
    if (NodePolicy.FALLBACK.equals(p.onError()) && p.fallback() != null) {
      Map<String, VarType> outputs = references.outputsOf(node);
      for (String key : p.fallback().keySet()) {
        if (!outputs.containsKey(key)) {
          error(field + "fallback." + key, "is not an output of this node (" + String.join(", ", outputs.keySet())
              + ")");
        }
      }
    }
    if (NodePolicy.BRANCH.equals(p.onError())) {
      boolean errorEdge = false;
      for (int e : level.topology().outgoing[i]) {
        errorEdge |= NodePolicy.ERROR_HANDLE.equals(level.topology().edges.get(e).sourceHandle());
      }
      if (!errorEdge) {
        error(field + "on_error", "branch needs an edge leaving from the error exit (source_handle: error)");
      }
    }
  }

  /** Every {@code {{...}}} in every config string resolves from this node. */
  private void references(Level level, int i, References references) {
    NodeSpec node = level.node(i);
    if (node.config() == null || !node.config().isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : node.config().properties()) {
      boolean loop = Bodies.hasBody(node);
      if (loop && "body".equals(e.getKey())) {
        continue;
      }
      Level body = loop && "output".equals(e.getKey()) ? bodyOf(node) : null;
      walk(e.getValue(), e.getKey(), "nodes." + node.id() + ".config.", body != null ? body : level,
          body != null ? References.ALL : i, references);
    }
  }

  private void walk(JsonNode value, String path, String prefix, Level level, int from, References references) {
    if (value.isString()) {
      for (Selector selector : Template.parse(value.asString()).selectors()) {
        References.Resolved r = references.typeOf(selector, level, from);
        if (r.problem() != null) {
          error(prefix + path, "{{" + selector.text() + "}}: " + r.problem());
        }
      }
      Matcher unclosed = UNCLOSED_REFERENCE.matcher(value.asString());
      if (unclosed.find()) {
        error(prefix + path, "'" + unclosed.group().strip() + "' looks like a reference without its closing }}: "
            + "write {{" + unclosed.group(1) + "}}");
      }
    } else if (value.isObject()) {
      value.properties().forEach(e -> walk(e.getValue(), path + "." + e.getKey(), prefix, level, from, references));
    } else if (value.isArray()) {
      for (int k = 0; k < value.size(); k++) {
        walk(value.get(k), path + "[" + k + "]", prefix, level, from, references);
      }
    }
  }

  private Level bodyOf(NodeSpec loop) {
    for (Level l : levels) {
      if (loop.id().equals(l.owner())) {
        return l;
      }
    }
    return null;
  }

  /** The executor's own checks, with selector types seen from this node. */
  private void executorChecks(Level level, int i, References references) {
    NodeSpec node = level.node(i);
    NodeExecutor executor = executors.get(node.type());
    if (executor == null) {
      return;
    }
    String prefix = "nodes." + node.id() + ".";
    Level body = Bodies.hasBody(node) ? bodyOf(node) : null;
    Validation validation = new Validation() {
      @Override
      public void error(String field, String message) {
        boolean qualified = field.startsWith("config") || field.startsWith("policy") || field.equals("type")
            || field.equals("title");
        DefinitionValidator.this.error(prefix + (qualified ? field : "config." + field), message);
      }

      @Override
      public Optional<VarType> typeOf(String selector) {
        Selector s = Selector.parse(selector);
        if (s == null) {
          return Optional.empty();
        }
        References.Resolved r = references.typeOf(s, level, i);
        if (r.type() == null && body != null) {
          r = references.typeOf(s, body, References.ALL);
        }
        return Optional.ofNullable(r.type());
      }

      @Override
      public String appCode() {
        return appCode;
      }
    };
    try {
      executor.validate(node, validation);
    } catch (RuntimeException e) {
      error(prefix + "config", "cannot be read by the " + node.type() + " node: " + e.getMessage());
    }
  }
}
