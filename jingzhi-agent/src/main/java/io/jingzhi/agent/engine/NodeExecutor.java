package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import java.util.Map;
import java.util.Set;

/**
 * Runs one node type. Every implementation is a Spring bean; the engine finds it by {@link #type()}. An executor is
 * stateless and thread-safe: the same instance runs many nodes of many runs at once.
 *
 * <p>Executors do their own I/O (model calls through {@code ModelClient}, HTTP, JDBC, MCP) and must honour
 * {@link NodeContext#timeLeft()} and {@link NodeContext#cancelled()}; the engine also interrupts the thread of an
 * attempt that runs past its timeout.
 */
public interface NodeExecutor {

  /** The node type this executor runs, as written in definitions ({@code llm}, {@code http}, ...). */
  String type();

  /**
   * The outputs a node of this type with this config produces, with their types. Used at save time to check the
   * {@code {{node.output}}} references of downstream nodes; must not do I/O.
   */
  Map<String, VarType> outputs(NodeSpec node);

  /**
   * The exits of a branching node besides {@code error} (if/else: its case ids and {@code else}; question
   * classifier: its class ids); empty for a node whose every outgoing edge is followed.
   */
  default Set<String> handles(NodeSpec node) {
    return Set.of();
  }

  /**
   * Static checks of the node's config at save time; report each problem with {@link Validation#error}, naming
   * the field. References inside the config are checked by the engine; an executor checks only their expected
   * types with {@link Validation#typeOf}. Must not do I/O.
   */
  default void validate(NodeSpec node, Validation validation) {}

  /**
   * Runs one attempt of the node. Throw {@link NodeFailure} for an expected failure with a stable code (the trace
   * and the error branch show it); any other exception is reported as {@code node.unexpected}.
   */
  NodeResult execute(NodeContext context) throws Exception;
}
