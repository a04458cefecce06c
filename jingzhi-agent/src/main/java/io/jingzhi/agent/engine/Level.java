package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.NodeSpec;

/**
 * One graph level seen by the validator: the workflow, or a loop body nested in the level of its loop node.
 * {@code path} is the field path of the level's node and edge lists ({@code ""} at the top,
 * {@code nodes.loop1.config.body.} in a body).
 */
record Level(String owner, Level parent, int ownerIndex, Topology topology, String path) {

  NodeSpec node(int i) {
    return topology.nodes.get(i);
  }

  String nodesField(int i) {
    NodeSpec n = node(i);
    return Ids.valid(n.id()) ? "nodes." + n.id() : path + "nodes[" + i + "]";
  }

  String edgeField(int e) {
    return path + "edges[" + e + "]";
  }

  int depth() {
    return parent == null ? 0 : parent.depth() + 1;
  }
}
