package io.jingzhi.knowledge.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.knowledge.graph.GraphIndex.Direction;
import io.jingzhi.knowledge.graph.GraphIndex.Edge;
import io.jingzhi.knowledge.graph.GraphIndex.Node;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphIndexTest {

  // 1 -cites-> 2 -cites-> 3 -cites-> 4, 1 -issued_by-> 9, 5 -cites-> 1, and a cycle 3 -cites-> 1
  private GraphIndex graph() {
    return new GraphIndex(List.of(node(1), node(2), node(3), node(4), node(5), node(9)), List.of(
        new Edge(10, "cites", 1, 2), new Edge(11, "cites", 2, 3), new Edge(12, "cites", 3, 4),
        new Edge(13, "issued_by", 1, 9), new Edge(14, "cites", 5, 1), new Edge(15, "cites", 3, 1)));
  }

  private static Node node(long id) {
    return new Node(id, "n" + id, "doc");
  }

  private static List<List<Long>> ids(GraphIndex.Result result) {
    return result.paths().stream().map(p -> p.nodes().stream().map(Node::id).toList()).toList();
  }

  @Test
  void outwardPathsComeShortestFirstAndNeverRepeatANode() {
    var result = graph().paths(1, null, Set.of(), 3, 100, Direction.OUT);
    assertThat(ids(result)).containsExactly(List.of(1L, 2L), List.of(1L, 9L), List.of(1L, 2L, 3L),
        List.of(1L, 2L, 3L, 4L));
    assertThat(result.truncated()).isFalse();
  }

  @Test
  void aTargetKeepsOnlyPathsEndingThereWalkingEitherWay() {
    var result = graph().paths(5, 4L, Set.of(), 3, 100, Direction.BOTH);
    assertThat(ids(result)).containsExactly(List.of(5L, 1L, 3L, 4L));
    assertThat(result.paths().getFirst().edges()).extracting(Edge::id).containsExactly(14L, 15L, 12L);
    assertThat(graph().paths(5, 4L, Set.of(), 2, 100, Direction.BOTH).paths()).isEmpty();
  }

  @Test
  void relationTypesFilterAndLimitTruncates() {
    assertThat(ids(graph().paths(1, null, Set.of("issued_by"), 3, 100, Direction.OUT)))
        .containsExactly(List.of(1L, 9L));
    var limited = graph().paths(1, null, Set.of(), 3, 2, Direction.BOTH);
    assertThat(limited.paths()).hasSize(2);
    assertThat(limited.truncated()).isTrue();
  }

  @Test
  void writesUpdateTheAdjacency() {
    GraphIndex g = graph();
    g.removeEdge(11);
    assertThat(g.paths(1, 4L, Set.of(), 3, 10, Direction.OUT).paths()).isEmpty();
    g.putEdge(new Edge(16, "cites", 2, 4));
    assertThat(ids(g.paths(1, 4L, Set.of(), 3, 10, Direction.OUT))).containsExactly(List.of(1L, 2L, 4L));
    g.removeNode(2);
    assertThat(g.paths(1, 4L, Set.of(), 3, 10, Direction.OUT).paths()).isEmpty();
    assertThat(g.edgeCount()).isEqualTo(4);
    g.putNode(new Node(9, "京州市人民政府", "organization"));
    assertThat(g.idsNamed("京州市人民政府")).containsExactly(9L);
    assertThat(g.idsNamed("n9")).isEmpty();
  }
}
