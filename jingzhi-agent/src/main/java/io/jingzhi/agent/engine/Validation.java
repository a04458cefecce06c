package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.VarType;
import java.util.Optional;

/**
 * Collects the problems of a definition at save time. Every problem names the node and the field, so the canvas
 * can point at it: {@code nodes.<node_id>.config.<field>}.
 */
public interface Validation {

  /** Reports a problem at a field of the node being validated ({@code config.url}, {@code policy.retries}). */
  void error(String field, String message);

  /**
   * The type of the value a selector points at, seen from the node being validated: empty when the selector does
   * not resolve (unknown node, not upstream, unknown output) — that is already reported by the engine.
   */
  Optional<VarType> typeOf(String selector);

  /**
   * The code of the app whose definition is validated, or null when unknown (a definition validated on its own).
   * Lets a node refuse what only the app makes wrong, such as a sub-workflow calling its own app.
   */
  default String appCode() {
    return null;
  }
}
