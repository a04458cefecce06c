package io.jingzhi.knowledge.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.common.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeFilesTest {

  @Test
  void excelRoundTripKeepsPathsParametersAndAnswers() {
    var params = new java.util.LinkedHashMap<String, String>();
    params.put("年龄", "60");
    params.put("缴费年限", "15年");
    var layout = new TreeLayout(List.of(
        new TreeNode(1, null, "社保", null, Map.of(), null, 0, List.of()),
        new TreeNode(2, 1L, "养老保险", null, params, "按月领取", 0, List.of()),
        new TreeNode(3, null, "公积金", null, Map.of(), "可提取", 1, List.of())));
    var rows = TreeFiles.readXlsx(TreeFiles.writeXlsx(layout));
    assertThat(rows).extracting(TreeRow::path).containsExactly(List.of("社保", "养老保险"), List.of("公积金"));
    assertThat(rows.getFirst().parameters()).containsExactly(Map.entry("年龄", "60"), Map.entry("缴费年限", "15年"));
    assertThat(rows.getFirst().answer()).isEqualTo("按月领取");
  }

  @Test
  void yamlNestsAndABadNodeIsNamed() {
    String yaml = """
        nodes:
          - name: 社保
            children:
              - name: 养老
                parameters: {年龄: 60}
                answer: 按月领取
        """;
    var rows = TreeFiles.readYaml(yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(rows).extracting(TreeRow::path).containsExactly(List.of("社保"), List.of("社保", "养老"));
    assertThat(rows.get(1).parameters()).containsEntry("年龄", "60");
    assertThatThrownBy(() -> TreeFiles.readYaml("nodes:\n  - name: a\n    children:\n      - answer: x\n"
        .getBytes(StandardCharsets.UTF_8))).isInstanceOf(ApiException.class)
        .hasMessageContaining("nodes[0].children[0]: name is required");
    assertThatThrownBy(() -> TreeFiles.readYaml("{{{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ApiException.class).hasMessageContaining("neither XLSX nor valid YAML");
  }

  @Test
  void parametersMustBeKeyEqualsValue() {
    assertThat(TreeFiles.parseParameters("row 2", "a=1；b＝2; c=")).containsExactly(Map.entry("a", "1"),
        Map.entry("b", "2"), Map.entry("c", ""));
    assertThatThrownBy(() -> TreeFiles.parseParameters("row 5", "a=1; oops")).hasMessageContaining("row 5")
        .hasMessageContaining("'oops'");
  }
}
