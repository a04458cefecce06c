package io.jingzhi.knowledge.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeHealthTest {

  private static TreeNode node(long id, Long parent, String name, Map<String, String> params, String answer) {
    return new TreeNode(id, parent, name, null, params, answer, (int) id, List.of());
  }

  @Test
  void namesEveryKindOfProblemWithNodeAndPath() {
    var layout = new TreeLayout(List.of(
        node(1, null, "社保", Map.of(), null),
        node(2, 1L, "养老", Map.of("年龄", "60"), "满60周岁可领取"),
        node(3, 1L, "养老", Map.of("年龄", "60"), "满55周岁可领取"),
        node(4, 1L, "医疗", Map.of("类型", "职工"), "职工医保报销比例80%"),
        node(5, 1L, "医疗", Map.of("类型", "职工"), "职工医保报销比例80%"),
        node(6, 1L, "工伤", Map.of("地区", ""), null),
        node(7, 99L, "失业", Map.of(), "失业金按月发放"),
        node(8, 1L, "生育", Map.of("年龄", "60"), "另一个答案")));
    var problems = TreeHealth.check(layout);
    assertThat(problems).extracting(TreeHealth.Problem::nodeId, TreeHealth.Problem::kind,
        TreeHealth.Problem::path).contains(
            org.assertj.core.groups.Tuple.tuple(7L, "orphan", "失业"),
            org.assertj.core.groups.Tuple.tuple(6L, "missing_data", "社保/工伤"),
            org.assertj.core.groups.Tuple.tuple(3L, "contradiction", "社保/养老"),
            org.assertj.core.groups.Tuple.tuple(5L, "duplicate", "社保/医疗"),
            org.assertj.core.groups.Tuple.tuple(8L, "contradiction", "社保/生育"));
    assertThat(problems.stream().filter(p -> p.nodeId() == 6).map(TreeHealth.Problem::detail))
        .anyMatch(d -> d.contains("地区")).anyMatch(d -> d.contains("without an answer"));
    assertThat(problems).noneMatch(p -> p.nodeId() == 1 || p.nodeId() == 2 || p.nodeId() == 4);
  }

  @Test
  void aLoopOfParentsIsAnOrphanAndMovesCannotGoBelowThemselves() {
    var layout = new TreeLayout(List.of(node(1, null, "根", Map.of(), "a"), node(2, 3L, "甲", Map.of(), "b"),
        node(3, 2L, "乙", Map.of(), "c")));
    assertThat(TreeHealth.check(layout)).extracting(TreeHealth.Problem::kind).containsOnly("orphan");
    var tree = new TreeLayout(List.of(node(1, null, "根", Map.of(), null), node(2, 1L, "子", Map.of(), null),
        node(3, 2L, "孙", Map.of(), "x")));
    assertThat(tree.inSubtree(1, 3)).isTrue();
    assertThat(tree.inSubtree(3, 1)).isFalse();
    assertThat(tree.subtree(2)).containsExactlyInAnyOrder(2L, 3L);
  }
}
