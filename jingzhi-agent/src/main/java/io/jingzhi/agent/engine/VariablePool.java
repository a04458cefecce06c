package io.jingzhi.agent.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values a run has produced so far, safe for its parallel branches: node outputs by node id, {@code sys},
 * {@code env}, {@code conv}. A loop body runs in a child pool that adds the loop's scope ({@code item},
 * {@code index}) and its own node outputs, and sees everything of its parent.
 */
final class VariablePool {

  private final VariablePool parent;
  private final Map<String, Object> sys;
  private final Map<String, Object> env;
  private final Map<String, Object> conv;
  private final Map<String, Map<String, Object>> outputs = new ConcurrentHashMap<>();
  private final String scopeOwner;
  private final Map<String, Object> scope;

  VariablePool(Map<String, Object> sys, Map<String, Object> env, Map<String, Object> conversation) {
    this.parent = null;
    this.sys = sys;
    this.env = env;
    this.conv = Collections.synchronizedMap(new LinkedHashMap<>(conversation));
    this.scopeOwner = null;
    this.scope = Map.of();
  }

  private VariablePool(VariablePool parent, String scopeOwner, Map<String, Object> scope) {
    this.parent = parent;
    this.sys = parent.sys;
    this.env = parent.env;
    this.conv = parent.conv;
    this.scopeOwner = scopeOwner;
    this.scope = scope;
  }

  /** A pool for one execution of a loop body. */
  VariablePool child(String owner, Map<String, Object> scopeValues) {
    return new VariablePool(this, owner, Map.copyOf(withoutNulls(scopeValues)));
  }

  Object lookup(Selector selector) {
    Object root = root(selector.head());
    return root == null ? null : Selector.walk(root, selector.path(), 0);
  }

  private Object root(String head) {
    switch (head) {
      case Selector.SYS:
        return sys;
      case Selector.ENV:
        return env;
      case Selector.CONV:
        return conv;
      default:
        break;
    }
    for (VariablePool p = this; p != null; p = p.parent) {
      if (head.equals(p.scopeOwner)) {
        return p.scope;
      }
      Map<String, Object> out = p.outputs.get(head);
      if (out != null) {
        return out;
      }
    }
    return null;
  }

  void put(String nodeId, Map<String, Object> values) {
    outputs.put(nodeId, Collections.unmodifiableMap(new LinkedHashMap<>(values)));
  }

  /** The outputs of a node of this pool's own graph level. */
  Map<String, Object> outputsOf(String nodeId) {
    return outputs.get(nodeId);
  }

  Map<String, Map<String, Object>> ownOutputs() {
    return Map.copyOf(outputs);
  }

  Map<String, Object> conversation() {
    synchronized (conv) {
      return new LinkedHashMap<>(conv);
    }
  }

  void setConversation(String name, Object value) {
    conv.put(name, value);
  }

  boolean isSecretEnv(Selector selector, java.util.Set<String> secretNames) {
    return Selector.ENV.equals(selector.head()) && selector.path().length > 0
        && secretNames.contains(selector.path()[0]);
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (v != null) {
        copy.put(k, v);
      }
    });
    return copy;
  }
}
