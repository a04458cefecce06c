package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.EdgeSpec;
import io.jingzhi.agent.definition.NodeSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of one graph level (the workflow, or one loop body): node indices, incoming and outgoing edges,
 * ancestors, reachability and cycles. Tolerant of broken definitions (duplicate ids, dangling edges, cycles) so
 * the validator can use it to report them; the engine only builds it from valid ones.
 */
final class Topology {

  final List<NodeSpec> nodes;
  final List<EdgeSpec> edges;
  final Map<String, Integer> index = new HashMap<>();
  /** Edge indices per node; edges with an unknown endpoint are left out. */
  final int[][] incoming;
  final int[][] outgoing;
  final int[] source;
  final int[] target;
  private final BitSet[] ancestors;

  Topology(List<NodeSpec> nodes, List<EdgeSpec> edges) {
    this.nodes = nodes;
    this.edges = edges;
    for (int i = 0; i < nodes.size(); i++) {
      String id = nodes.get(i) == null ? null : nodes.get(i).id();
      if (id != null) {
        index.putIfAbsent(id, i);
      }
    }
    source = new int[edges.size()];
    target = new int[edges.size()];
    List<List<Integer>> in = lists(nodes.size());
    List<List<Integer>> out = lists(nodes.size());
    for (int e = 0; e < edges.size(); e++) {
      EdgeSpec edge = edges.get(e);
      source[e] = edge == null ? -1 : index.getOrDefault(edge.source(), -1);
      target[e] = edge == null ? -1 : index.getOrDefault(edge.target(), -1);
      if (source[e] >= 0 && target[e] >= 0) {
        out.get(source[e]).add(e);
        in.get(target[e]).add(e);
      }
    }
    incoming = arrays(in);
    outgoing = arrays(out);
    ancestors = new BitSet[nodes.size()];
  }

  int size() {
    return nodes.size();
  }

  /** The nodes upstream of node {@code i} (not itself unless on a cycle). */
  BitSet ancestors(int i) {
    if (ancestors[i] == null) {
      BitSet seen = new BitSet(size());
      ArrayDeque<Integer> todo = new ArrayDeque<>();
      todo.add(i);
      while (!todo.isEmpty()) {
        for (int e : incoming[todo.poll()]) {
          int s = source[e];
          if (!seen.get(s)) {
            seen.set(s);
            todo.add(s);
          }
        }
      }
      ancestors[i] = seen;
    }
    return ancestors[i];
  }

  /** Nodes reachable along edges from the given ones (included). */
  BitSet reachableFrom(List<Integer> roots) {
    BitSet seen = new BitSet(size());
    ArrayDeque<Integer> todo = new ArrayDeque<>();
    for (int r : roots) {
      seen.set(r);
      todo.add(r);
    }
    while (!todo.isEmpty()) {
      for (int e : outgoing[todo.poll()]) {
        int t = target[e];
        if (!seen.get(t)) {
          seen.set(t);
          todo.add(t);
        }
      }
    }
    return seen;
  }

  /** The index of a node that lies on a cycle, or -1 for an acyclic graph. */
  int nodeOnCycle() {
    int[] pending = new int[size()];
    ArrayDeque<Integer> free = new ArrayDeque<>();
    for (int i = 0; i < size(); i++) {
      pending[i] = incoming[i].length;
      if (pending[i] == 0) {
        free.add(i);
      }
    }
    int removed = 0;
    while (!free.isEmpty()) {
      int n = free.poll();
      removed++;
      for (int e : outgoing[n]) {
        if (--pending[target[e]] == 0) {
          free.add(target[e]);
        }
      }
    }
    if (removed == size()) {
      return -1;
    }
    // Every node left has a predecessor left; walking predecessors must repeat, and the repeated node is on a cycle.
    int n = -1;
    for (int i = 0; i < size(); i++) {
      if (pending[i] > 0) {
        n = i;
        break;
      }
    }
    BitSet visited = new BitSet(size());
    while (!visited.get(n)) {
      visited.set(n);
      for (int e : incoming[n]) {
        if (pending[source[e]] > 0) {
          n = source[e];
          break;
        }
      }
    }
    return n;
  }

  /** Nodes without incoming edges. */
  List<Integer> entries() {
    List<Integer> entries = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      if (incoming[i].length == 0) {
        entries.add(i);
      }
    }
    return entries;
  }

  private static List<List<Integer>> lists(int n) {
    List<List<Integer>> lists = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      lists.add(new ArrayList<>(2));
    }
    return lists;
  }

  private static int[][] arrays(List<List<Integer>> lists) {
    int[][] arrays = new int[lists.size()][];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    return arrays;
  }
}
