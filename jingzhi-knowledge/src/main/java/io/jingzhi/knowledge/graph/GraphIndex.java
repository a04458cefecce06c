package io.jingzhi.knowledge.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The adjacency of one graph in memory, so multi-hop queries walk pointers instead of running recursive SQL.
 * Writes (after their transaction commits) update it in place under a write lock; queries share a read lock.
 */
public final class GraphIndex {

  /** Which way a query may follow a relation. */
  public enum Direction { OUT, IN, BOTH }

  /** A node as paths show it. */
  public record Node(long id, String name, String type) {}

  /** An edge as paths show it (always in its stored direction, whichever way the query walked it). */
  public record Edge(long id, String type, long fromId, long toId) {}

  /** One path: {@code nodes.size() == edges.size() + 1}. */
  public record Path(List<Node> nodes, List<Edge> edges) {}

  /** The paths found; {@code truncated} when the limit or the work budget stopped the search early. */
  public record Result(List<Path> paths, boolean truncated) {}

  /** Edge expansions one query may do before it stops with what it has (keeps the worst case bounded). */
  static final int WORK_BUDGET = 2_000_000;

  private final Map<Long, Node> nodes = new HashMap<>();
  private final Map<Long, Edge> edges = new HashMap<>();
  private final Map<Long, List<Edge>> out = new HashMap<>();
  private final Map<Long, List<Edge>> in = new HashMap<>();
  private final Map<String, List<Long>> byName = new HashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  public GraphIndex(Collection<Node> nodes, Collection<Edge> edges) {
    nodes.forEach(this::putNodeUnlocked);
    edges.forEach(this::putEdgeUnlocked);
  }

  public void putNode(Node node) {
    lock.writeLock().lock();
    try {
      removeName(nodes.get(node.id()));
      putNodeUnlocked(node);
    } finally {
      lock.writeLock().unlock();
    }
  }

  public void removeNode(long id) {
    lock.writeLock().lock();
    try {
      Node gone = nodes.remove(id);
      removeName(gone);
      for (Edge e : new ArrayList<>(out.getOrDefault(id, List.of()))) {
        removeEdgeUnlocked(e.id());
      }
      for (Edge e : new ArrayList<>(in.getOrDefault(id, List.of()))) {
        removeEdgeUnlocked(e.id());
      }
      out.remove(id);
      in.remove(id);
    } finally {
      lock.writeLock().unlock();
    }
  }

  public void putEdge(Edge edge) {
    lock.writeLock().lock();
    try {
      removeEdgeUnlocked(edge.id());
      putEdgeUnlocked(edge);
    } finally {
      lock.writeLock().unlock();
    }
  }

  public void removeEdge(long id) {
    lock.writeLock().lock();
    try {
      removeEdgeUnlocked(id);
    } finally {
      lock.writeLock().unlock();
    }
  }

  public int nodeCount() {
    lock.readLock().lock();
    try {
      return nodes.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  public int edgeCount() {
    lock.readLock().lock();
    try {
      return edges.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Ids of the nodes with exactly this name. */
  public List<Long> idsNamed(String name) {
    lock.readLock().lock();
    try {
      return List.copyOf(byName.getOrDefault(name, List.of()));
    } finally {
      lock.readLock().unlock();
    }
  }

  public boolean contains(long id) {
    lock.readLock().lock();
    try {
      return nodes.containsKey(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Simple paths (no node twice) of 1 to {@code maxHops} relations from {@code from}, shortest first; with
   * {@code to}, only those ending there. {@code types}: the relation types it may follow (empty: all).
   */
  public Result paths(long from, Long to, Set<String> types, int maxHops, int limit, Direction direction) {
    lock.readLock().lock();
    try {
      if (!nodes.containsKey(from) || to != null && !nodes.containsKey(to)) {
        return new Result(List.of(), false);
      }
      // Meet in the middle: distances to the target for half the hops; the forward walk covers the rest.
      Map<Long, Integer> toTarget = to == null ? null : distancesTo(to, types, maxHops / 2, direction);
      var search = new Search(types, direction, limit, to, toTarget, maxHops / 2);
      for (int hops = 1; hops <= maxHops && !search.stopped(); hops++) {
        search.walk(from, hops);
      }
      return new Result(search.found, search.stopped() && (search.found.size() >= limit || search.work > WORK_BUDGET));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Hop distances to {@code target} (walking backwards), up to {@code depth}: prunes walks that cannot arrive. */
  private Map<Long, Integer> distancesTo(long target, Set<String> types, int depth, Direction direction) {
    Map<Long, Integer> dist = new HashMap<>();
    dist.put(target, 0);
    ArrayDeque<Long> queue = new ArrayDeque<>(List.of(target));
    Direction back = direction == Direction.OUT ? Direction.IN : direction == Direction.IN ? Direction.OUT
        : Direction.BOTH;
    int work = 0;
    while (!queue.isEmpty() && work < WORK_BUDGET) {
      long n = queue.poll();
      int d = dist.get(n);
      if (d >= depth) {
        continue;
      }
      for (int side = 0; side < 2; side++) {
        for (Edge e : side(n, back, side)) {
          work++;
          if (types.isEmpty() || types.contains(e.type())) {
            long other = e.fromId() == n ? e.toId() : e.fromId();
            if (dist.putIfAbsent(other, d + 1) == null) {
              queue.add(other);
            }
          }
        }
      }
    }
    return dist;
  }

  /** Side 0 (relations out) or 1 (relations in) of a node, as far as the direction walks it; no copying. */
  private List<Edge> side(long node, Direction direction, int side) {
    if (side == 0) {
      return direction == Direction.IN ? List.of() : out.getOrDefault(node, List.of());
    }
    return direction == Direction.OUT ? List.of() : in.getOrDefault(node, List.of());
  }

  /** One query's depth-first walk, run once per exact length so shorter paths come first. */
  private final class Search {
    final Set<String> types;
    final Direction direction;
    final int limit;
    final Long target;
    final Map<Long, Integer> toTarget;
    final int toTargetDepth;
    final List<Path> found = new ArrayList<>();
    final long[] pathNodes = new long[4];
    final Edge[] pathEdges = new Edge[3];
    int work;

    Search(Set<String> types, Direction direction, int limit, Long target, Map<Long, Integer> toTarget,
        int toTargetDepth) {
      this.types = types;
      this.direction = direction;
      this.limit = limit;
      this.target = target;
      this.toTarget = toTarget;
      this.toTargetDepth = toTargetDepth;
    }

    boolean stopped() {
      return found.size() >= limit || work > WORK_BUDGET;
    }

    void walk(long from, int hops) {
      pathNodes[0] = from;
      step(0, hops);
    }

    private void step(int depth, int hops) {
      long at = pathNodes[depth];
      int left = hops - depth - 1;
      for (int side = 0; side < 2; side++) {
        for (Edge e : side(at, direction, side)) {
          if (stopped()) {
            return;
          }
          work++;
          if (!types.isEmpty() && !types.contains(e.type())) {
            continue;
          }
          long next = e.fromId() == at ? e.toId() : e.fromId();
          if (onPath(next, depth) || toTarget != null && !canArrive(next, left)) {
            continue;
          }
          pathNodes[depth + 1] = next;
          pathEdges[depth] = e;
          if (left == 0) {
            found.add(path(depth + 1));
          } else {
            step(depth + 1, hops);
          }
        }
      }
    }

    /** Whether a walk at {@code node} with {@code left} hops to go can still end at the target. */
    private boolean canArrive(long node, int left) {
      if (left > 0 && node == target) {
        return false; // a simple path passes the target only at its end
      }
      if (left > toTargetDepth) {
        return true; // further than the backward pass looked: no pruning possible yet
      }
      Integer d = toTarget.get(node);
      return d != null && d <= left;
    }

    private boolean onPath(long node, int depth) {
      for (int i = 0; i <= depth; i++) {
        if (pathNodes[i] == node) {
          return true;
        }
      }
      return false;
    }

    private Path path(int length) {
      List<Node> ns = new ArrayList<>(length + 1);
      List<Edge> es = new ArrayList<>(length);
      for (int i = 0; i <= length; i++) {
        ns.add(nodes.get(pathNodes[i]));
      }
      for (int i = 0; i < length; i++) {
        es.add(pathEdges[i]);
      }
      return new Path(ns, es);
    }
  }

  private void putNodeUnlocked(Node node) {
    nodes.put(node.id(), node);
    byName.computeIfAbsent(node.name(), k -> new ArrayList<>(1)).add(node.id());
  }

  private void removeName(Node node) {
    if (node != null) {
      List<Long> ids = byName.get(node.name());
      if (ids != null) {
        ids.remove(node.id());
        if (ids.isEmpty()) {
          byName.remove(node.name());
        }
      }
    }
  }

  private void putEdgeUnlocked(Edge edge) {
    edges.put(edge.id(), edge);
    out.computeIfAbsent(edge.fromId(), k -> new ArrayList<>(2)).add(edge);
    in.computeIfAbsent(edge.toId(), k -> new ArrayList<>(2)).add(edge);
  }

  private void removeEdgeUnlocked(long id) {
    Edge e = edges.remove(id);
    if (e != null) {
      List<Edge> o = out.get(e.fromId());
      if (o != null) {
        o.remove(e);
      }
      List<Edge> i = in.get(e.toId());
      if (i != null) {
        i.remove(e);
      }
    }
  }
}
