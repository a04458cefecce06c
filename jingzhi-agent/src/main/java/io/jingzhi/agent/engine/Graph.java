package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.EdgeSpec;
import io.jingzhi.agent.definition.NodePolicy;
import java.util.BitSet;
import java.util.List;

/**
 * One graph level compiled for running: the workflow itself, or the body of one loop node ({@link #owner}).
 * Immutable and shared by every run of the workflow.
 */
final class Graph {

  /** The loop node whose body this is, or null for the workflow. */
  final String owner;
  final Topology topology;
  final NodePlan[] plans;
  final EdgeSpec[] edges;
  /** Per node: answer streaming plan, null for nodes that are not answers. */
  final AnswerPlan[] answers;
  /** Nodes whose outgoing edges depend on the outcome (handles or an error edge). */
  final BitSet branching;

  Graph(String owner, Topology topology, NodePlan[] plans, AnswerPlan[] answers) {
    this.owner = owner;
    this.topology = topology;
    this.plans = plans;
    this.edges = topology.edges.toArray(EdgeSpec[]::new);
    this.answers = answers;
    this.branching = new BitSet(plans.length);
    for (NodePlan p : plans) {
      if (p.branching || p.errorBranch()) {
        branching.set(p.index);
      }
    }
  }

  int size() {
    return plans.length;
  }

  Integer indexOf(String id) {
    return topology.index.get(id);
  }

  /** Whether edge {@code e} is followed when its source ended with {@code handle} (or failed into its error edge). */
  boolean follows(int e, String handle, boolean failed) {
    String h = edges[e].sourceHandle();
    if (failed) {
      return NodePolicy.ERROR_HANDLE.equals(h);
    }
    if (plans[topology.source[e]].branching) {
      return h != null && h.equals(handle);
    }
    return h == null || !NodePolicy.ERROR_HANDLE.equals(h);
  }

  List<Integer> entries() {
    return topology.entries();
  }
}
