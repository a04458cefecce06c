package io.jingzhi.bench;

import io.jingzhi.knowledge.graph.GraphIndex;
import io.jingzhi.knowledge.graph.GraphIndex.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Multi-hop graph queries on the knowledge graph's in-memory adjacency ({@link GraphIndex}, what
 * {@code POST /knowledge-bases/{id}/graph/query} walks) with N concurrent callers. The graph is a synthetic policy
 * graph of about 100,000 edges: documents issued by organizations (a few organizations issue many, like a city's
 * general office) and citing earlier documents, skewed towards a set of much-cited ones. Each scenario runs for
 * the same time at the same concurrency; 1-hop neighbours is the baseline the others are reported against.
 * HTTP and JSON are not included: this measures the query engine. Usage: {@code java -cp jingzhi-benchmarks.jar
 * io.jingzhi.bench.GraphQueryLoad [seconds=20] [concurrency=50] [edges=100000]}
 */
public final class GraphQueryLoad {

  /** A query shape; {@code reachable}: the target is the end of a path that exists (found before timing). */
  record Scenario(String name, int hops, boolean targeted, Set<String> types, boolean reachable) {
    Scenario(String name, int hops, boolean targeted, Set<String> types) {
      this(name, hops, targeted, types, false);
    }
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int edgesWanted = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    var random = new SplittableRandom(42);
    int organizations = 400;
    int documents = edgesWanted / 5; // one issued_by + about four cites per document
    List<GraphIndex.Node> nodes = new ArrayList<>();
    List<GraphIndex.Edge> edges = new ArrayList<>();
    for (int o = 0; o < organizations; o++) {
      nodes.add(new GraphIndex.Node(o, "机关" + o, "organization"));
    }
    long edgeId = 0;
    for (int d = 0; d < documents; d++) {
      long id = organizations + d;
      nodes.add(new GraphIndex.Node(id, "文件" + d, "policy_document"));
      // skewed issuers: the square of a uniform number favours the first organizations
      int issuer = (int) (organizations * Math.pow(random.nextDouble(), 2));
      edges.add(new GraphIndex.Edge(edgeId++, "issued_by", id, issuer));
      for (int c = 0; c < 4 && d > 0; c++) {
        int cited = random.nextInt(10) < 3 ? random.nextInt(Math.min(d, 200)) : random.nextInt(d);
        edges.add(new GraphIndex.Edge(edgeId++, "cites", id, organizations + cited));
      }
    }
    var graph = new GraphIndex(nodes, edges);
    System.out.printf("graph: %d nodes, %d edges; %d concurrent callers, %d s per scenario, %d cores%n",
        graph.nodeCount(), graph.edgeCount(), concurrency, seconds, Runtime.getRuntime().availableProcessors());
    List<Scenario> scenarios = List.of(new Scenario("1-hop (baseline)", 1, false, Set.of()),
        new Scenario("2-hop", 2, false, Set.of()), new Scenario("3-hop", 3, false, Set.of()),
        new Scenario("3-hop cites only", 3, false, Set.of("cites")),
        new Scenario("2-hop to a target", 2, true, Set.of()), new Scenario("3-hop to a target", 3, true, Set.of()),
        new Scenario("3-hop to a reachable target", 3, true, Set.of(), true));
    run(graph, scenarios.getFirst(), concurrency, Math.max(3, seconds / 4), organizations, documents); // warm-up
    double base = 0;
    System.out.println("| scenario | queries/s | p50 ms | p90 ms | p99 ms | max ms | mean paths | p99 / baseline |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Scenario s : scenarios) {
      double[] r = run(graph, s, concurrency, seconds, organizations, documents);
      if (base == 0) {
        base = r[3];
      }
      System.out.printf("| %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f |%n", s.name(), r[0], r[1], r[2], r[3],
          r[4], r[5], r[3] / base);
    }
    System.exit(0);
  }

  /** Runs one scenario; answers queries/s, p50, p90, p99, max (ms) and the mean number of paths. */
  private static double[] run(GraphIndex graph, Scenario s, int threads, int seconds, int organizations,
      int documents) throws InterruptedException {
    var histogram = new ConcurrentHistogram(60_000_000_000L, 3);
    var done = new AtomicLong();
    var paths = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    var finished = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      var random = new SplittableRandom(t * 7919L + s.hops());
      Thread.ofPlatform().start(() -> {
        try {
          while (System.nanoTime() < end) {
            long from = organizations + random.nextInt(documents);
            Long to = s.targeted() ? (long) organizations + random.nextInt(documents) : null;
            if (s.reachable()) {
              var around = graph.paths(from, null, s.types(), s.hops(), 100, Direction.BOTH).paths();
              if (around.isEmpty()) {
                continue;
              }
              var path = around.get(random.nextInt(around.size()));
              to = path.nodes().getLast().id();
            }
            long t0 = System.nanoTime();
            var result = graph.paths(from, to, s.types(), s.hops(), 100, Direction.BOTH);
            histogram.recordValue(System.nanoTime() - t0);
            paths.addAndGet(result.paths().size());
            done.incrementAndGet();
          }
        } finally {
          finished.countDown();
        }
      });
    }
    finished.await();
    double ms = 1e6;
    return new double[] {done.get() / (double) seconds, histogram.getValueAtPercentile(50) / ms,
        histogram.getValueAtPercentile(90) / ms, histogram.getValueAtPercentile(99) / ms,
        histogram.getMaxValue() / ms, paths.get() / (double) Math.max(1, done.get())};
  }

  private GraphQueryLoad() {}
}
