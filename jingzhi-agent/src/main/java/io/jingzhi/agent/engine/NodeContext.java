package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.iam.api.Caller;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link NodeExecutor} sees while it runs one attempt: its node, the run, the values of earlier nodes and
 * the variables, and the stream towards the answer.
 *
 * <p>Selectors are dotted paths: {@code node_id.output[.key|.index]*}, {@code sys.query}, {@code sys.user_id},
 * {@code sys.conversation_id}, {@code sys.app_code}, {@code sys.run_id}, {@code env.NAME}, {@code conv.name}, and
 * inside a loop body {@code <loop_id>.item} and {@code <loop_id>.index}.
 */
public interface NodeContext {

  NodeSpec node();

  /** The node's config as written (references not yet resolved). */
  default JsonNode config() {
    return node().config();
  }

  /** The run this attempt belongs to. */
  RunInfo run();

  /** Who the run acts for; model, knowledge and tool calls are made as this caller. */
  default Caller caller() {
    return run().caller();
  }

  /** The value a selector points at, or null when the node did not produce it (skipped, or absent key). */
  Object value(String selector);

  /** Replaces every {@code {{selector}}} in the text by the value (objects and lists as JSON, null as empty). */
  String render(String template);

  /**
   * A config value resolved: a string that is exactly one {@code {{selector}}} becomes the value itself (typed); a
   * string with references inside becomes the rendered text; objects and arrays are resolved member by member;
   * numbers and booleans stay. Null for a missing or JSON-null value.
   */
  Object resolve(JsonNode value);

  /** {@code resolve(config().get(field))}. */
  default Object resolve(String field) {
    return resolve(config().get(field));
  }

  /**
   * Streams a piece of this node's text towards the caller as it is produced (an LLM's tokens). The engine forwards
   * it when an answer node is waiting for exactly this text; otherwise it only reaches the trace listener.
   */
  void emit(String delta);

  /** Time left of this attempt's timeout. */
  Duration timeLeft();

  /** True once the run was cancelled (client gone, user stopped it, run timeout). */
  boolean cancelled();

  /**
   * Runs a sub-graph (a loop body) in a scope of its own: {@code scope} gives the variables of the loop node
   * ({@code item}, {@code index}) under the loop node's id; answers the body's node outputs by node id. Nodes of
   * the body see every value the loop node sees.
   */
  SubgraphResult runBody(String bodyOwnerId, Map<String, Object> scope);

  /**
   * The run's inputs as the request gave them, unchecked: only the start node reads them (it checks them against
   * its declared inputs).
   */
  default Map<String, Object> inputs() {
    return Map.of();
  }

  /**
   * Sets a conversation variable ({@code conv.name}) for the rest of the run and the next turns: the variable
   * assigner node writes through it.
   */
  default void setConversationVariable(String name, Object value) {
    throw new UnsupportedOperationException("this context has no conversation variables");
  }

  /**
   * What one execution of a body produced. {@code usage} is for information: the body's nodes already count in
   * the run's usage, so the loop node does not report it again.
   */
  record SubgraphResult(Map<String, Map<String, Object>> outputs, TokenUsage usage) {}
}
