package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.definition.VariableSpec;
import io.jingzhi.agent.definition.WorkflowDefinition;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves selectors at save time, seen from one node: what type the value will have, or why the reference is
 * wrong (unknown node, node not upstream, unknown output, unknown variable, a path into a scalar).
 */
final class References {

  /** {@code from} value meaning "after every node of the level" (a loop's {@code output} sees its whole body). */
  static final int ALL = -2;

  static final Map<String, VarType> SYS = Map.of("query", VarType.STRING, "user_id", VarType.NUMBER, "username",
      VarType.STRING, "conversation_id", VarType.STRING, "app_code", VarType.STRING, "run_id", VarType.NUMBER);

  /** Where a node is: its level and index there. */
  record Located(Level level, int index) {
    NodeSpec node() {
      return level.node(index);
    }
  }

  /** A resolved type, or the problem of the reference. */
  record Resolved(VarType type, String problem) {
    static Resolved of(VarType type) {
      return new Resolved(type, null);
    }

    static Resolved problem(String problem) {
      return new Resolved(null, problem);
    }
  }

  private final Map<String, VarType> environment = new HashMap<>();
  private final Map<String, VarType> conversation = new HashMap<>();
  private final Map<String, Located> nodes;
  private final Map<String, NodeExecutor> executors;
  private final Map<String, Map<String, VarType>> outputs = new HashMap<>();

  References(WorkflowDefinition definition, Map<String, Located> nodes, Map<String, NodeExecutor> executors) {
    for (VariableSpec v : definition.environment()) {
      environment.put(v.name(), v.type() == null ? VarType.STRING : v.type());
    }
    for (VariableSpec v : definition.conversationVariables()) {
      conversation.put(v.name(), v.type() == null ? VarType.ANY : v.type());
    }
    this.nodes = nodes;
    this.executors = executors;
  }

  boolean hasConversationVariable(String name) {
    return conversation.containsKey(name);
  }

  /** The outputs a node declares, plus {@code error} when it fails into an error branch. */
  Map<String, VarType> outputsOf(NodeSpec node) {
    return outputs.computeIfAbsent(node.id(), id -> {
      Map<String, VarType> declared = new LinkedHashMap<>();
      NodeExecutor executor = executors.get(node.type());
      if (executor != null) {
        try {
          declared.putAll(executor.outputs(node));
        } catch (RuntimeException e) {
          // A config the executor cannot read; its own validate reports it.
        }
      }
      if (node.policy() != null && "branch".equals(node.policy().onError())) {
        declared.put("error", VarType.OBJECT);
      }
      return declared;
    });
  }

  /** The type of {@code selector} as seen from node {@code from} of {@code level} (or {@link #ALL} of it). */
  Resolved typeOf(Selector selector, Level level, int from) {
    String[] path = selector.path();
    switch (selector.head()) {
      case Selector.SYS:
        return variable(SYS, "system variable", path);
      case Selector.ENV:
        return variable(environment, "environment variable", path);
      case Selector.CONV:
        return variable(conversation, "conversation variable", path);
      default:
        break;
    }
    for (Level l = level; l != null; l = l.parent()) {
      if (selector.head().equals(l.owner())) {
        return loopScope(selector, l);
      }
    }
    Located target = nodes.get(selector.head());
    if (target == null) {
      return Resolved.problem("unknown node " + selector.head());
    }
    if (!upstream(target, level, from)) {
      return Resolved.problem("node " + selector.head() + " is not upstream of this node");
    }
    if (path.length == 0) {
      return Resolved.problem("name an output of node " + selector.head() + " (" + selector.head() + ".<output>)");
    }
    VarType type = outputsOf(target.node()).get(path[0]);
    if (type == null) {
      return Resolved.problem("node " + selector.head() + " has no output " + path[0]
          + " (it has " + String.join(", ", outputsOf(target.node()).keySet()) + ")");
    }
    return walk(type, path, 1, selector);
  }

  private static Resolved variable(Map<String, VarType> declared, String kind, String[] path) {
    if (path.length == 0) {
      return Resolved.problem("name the " + kind);
    }
    VarType type = declared.get(path[0]);
    if (type == null) {
      return Resolved.problem("unknown " + kind + " " + path[0]);
    }
    return path.length == 1 ? Resolved.of(type) : walk(type, path, 1, null);
  }

  private boolean upstream(Located target, Level level, int from) {
    int position = from;
    for (Level l = level; l != null; l = l.parent()) {
      if (l == target.level()) {
        return position == ALL || l.topology().ancestors(position).get(target.index());
      }
      position = l.ownerIndex();
    }
    return false;
  }

  /** {@code loop.item} and {@code loop.index} inside the loop's body. */
  private Resolved loopScope(Selector selector, Level body) {
    String[] path = selector.path();
    if (path.length == 0 || !path[0].equals("item") && !path[0].equals("index")) {
      return Resolved.problem("inside its body, loop " + selector.head() + " offers item and index");
    }
    if (path[0].equals("index")) {
      return path.length == 1 ? Resolved.of(VarType.NUMBER) : Resolved.problem("index is a number");
    }
    return walk(itemType(body), path, 1, selector);
  }

  /** The element type of the loop's {@code items}, ANY when it cannot be told. */
  private VarType itemType(Level body) {
    NodeSpec loop = body.parent().node(body.ownerIndex());
    String items = loop.config() == null ? null : loop.config().path("items").asString(null);
    Selector selector = items == null ? null : Template.parse(items).isSingleReference()
        ? Template.parse(items).segments().get(0).selector() : null;
    if (selector == null || selector.head().equals(loop.id())) {
      return VarType.ANY;
    }
    Resolved resolved = typeOf(selector, body.parent(), body.ownerIndex());
    return resolved.type() == null ? VarType.ANY : element(resolved.type());
  }

  static VarType element(VarType array) {
    return switch (array) {
      case ARRAY_STRING -> VarType.STRING;
      case ARRAY_NUMBER -> VarType.NUMBER;
      case ARRAY_OBJECT -> VarType.OBJECT;
      default -> VarType.ANY;
    };
  }

  /** Into objects any key (ANY); into arrays a numeric index (the element type); never into scalars. */
  private static Resolved walk(VarType type, String[] path, int start, Selector selector) {
    VarType current = type;
    for (int i = start; i < path.length; i++) {
      if (current == VarType.ANY || current == VarType.OBJECT) {
        return Resolved.of(VarType.ANY);
      }
      if (current.isArray()) {
        if (Selector.index(path[i]) < 0) {
          return Resolved.problem("an index into " + current.wire() + " is a number, not " + path[i]);
        }
        current = element(current);
        continue;
      }
      return Resolved.problem("cannot select " + path[i] + " inside a " + current.wire()
          + (selector == null ? "" : " (" + selector.text() + ")"));
    }
    return Resolved.of(current);
  }
}
