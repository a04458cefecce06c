package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.NodePolicy;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** One node prepared for running: its executor and its policy with the engine's defaults filled in. */
final class NodePlan {

  final int index;
  final NodeSpec spec;
  final NodeExecutor executor;
  final long timeoutMs;
  final int retries;
  final long retryIntervalMs;
  final String onError;
  final Map<String, Object> fallback;
  /** Its executor names exits: only edges of the taken handle are followed. */
  final boolean branching;
  final Set<String> handles;
  /** Outputs masked in traces. */
  final Set<String> secretOutputs;

  NodePlan(int index, NodeSpec spec, NodeExecutor executor, long defaultTimeoutMs) {
    this.index = index;
    this.spec = spec;
    this.executor = executor;
    NodePolicy p = spec.policy();
    this.timeoutMs = p != null && p.timeoutMs() != null ? p.timeoutMs() : defaultTimeoutMs;
    this.retries = p != null && p.retries() != null ? p.retries() : 0;
    this.retryIntervalMs = p != null && p.retryIntervalMs() != null ? p.retryIntervalMs() : 0;
    this.onError = p != null && p.onError() != null ? p.onError() : NodePolicy.FAIL;
    this.fallback = p != null && p.fallback() != null ? p.fallback() : Map.of();
    this.handles = Set.copyOf(executor.handles(spec));
    this.branching = !handles.isEmpty();
    this.secretOutputs = executor.outputs(spec).entrySet().stream()
        .filter(e -> e.getValue() == VarType.SECRET).map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
  }

  String id() {
    return spec.id();
  }

  String type() {
    return spec.type();
  }

  String title() {
    return spec.title() == null ? spec.id() : spec.title();
  }

  /** Fails into its error edge instead of failing the run. */
  boolean errorBranch() {
    return NodePolicy.BRANCH.equals(onError);
  }
}
