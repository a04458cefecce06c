package io.jingzhi.server.knowledge;

import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.Multipart;
import io.jingzhi.server.support.ServerIT;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Knowledge trees: nodes, ordering and moves, Excel/YAML import and export, health checks, isolation. */
class KnowledgeTreeApiIT extends ServerIT {

  private static final String BASE = "/api/v1/knowledge-trees";

  private String admin;
  private Multipart files;

  @BeforeEach
  void setUp() {
    admin = fx.login(fx.tenant("tree").adminName());
    files = new Multipart(port);
  }

  private long tree(String name) {
    var created = api.post(BASE, admin, map("name", name, "project", "demo"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.id();
  }

  private long node(long tree, Long parent, String name, Map<String, String> params, String answer, Integer pos) {
    var body = map("parent_id", parent, "name", name, "parameters", params, "answer", answer, "position", pos);
    var created = api.post(BASE + "/" + tree + "/nodes", admin, body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.id();
  }

  private static List<String> names(JsonNode nodes) {
    return nodes.valueStream().map(n -> n.get("name").asString()).toList();
  }

  @Test
  void nodesNestKeepTheirOrderAndMoveWithTheirSubtree() {
    long tree = tree("社保知识树");
    long social = node(tree, null, "社保", Map.of(), null, null);
    long pension = node(tree, social, "养老保险", Map.of("年龄", "60"), "满60周岁按月领取", null);
    long medical = node(tree, social, "医疗保险", Map.of(), "报销比例80%", 0);
    long fund = node(tree, null, "公积金", Map.of(), null, null);
    long withdraw = node(tree, pension, "提前领取", Map.of(), "特殊工种可提前", null);
    var read = api.get(BASE + "/" + tree, admin).json();
    assertThat(read.get("node_count").asInt()).isEqualTo(5);
    assertThat(names(read.get("nodes"))).containsExactly("社保", "公积金");
    assertThat(names(read.at("/nodes/0/children"))).containsExactly("医疗保险", "养老保险");
    assertThat(read.at("/nodes/0/children/1/children/0/path").asString()).isEqualTo("社保/养老保险/提前领取");
    assertThat(read.at("/nodes/0/children/1/parameters/年龄").asString()).isEqualTo("60");

    var moved = api.put(BASE + "/" + tree + "/nodes/" + pension, admin, map("parent_id", fund, "position", 0));
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertThat(moved.text("path")).isEqualTo("公积金/养老保险");
    read = api.get(BASE + "/" + tree, admin).json();
    assertThat(names(read.at("/nodes/0/children"))).containsExactly("医疗保险");
    assertThat(read.at("/nodes/1/children/0/children/0/id").asLong()).isEqualTo(withdraw);
    assertProblem(api.put(BASE + "/" + tree + "/nodes/" + pension, admin, map("parent_id", withdraw)), 400,
        "validation_failed");
    assertProblem(api.post(BASE + "/" + tree + "/nodes", admin, map("parent_id", 987654, "name", "x")), 400,
        "validation_failed");
    assertThat(api.delete(BASE + "/" + tree + "/nodes/" + fund, admin).status()).isEqualTo(204);
    read = api.get(BASE + "/" + tree, admin).json();
    assertThat(read.get("node_count").asInt()).as("the subtree went with it").isEqualTo(2);
    assertThat(read.at("/nodes/0/children/0/id").asLong()).isEqualTo(medical);
  }

  private static byte[] workbook(String[]... rows) throws Exception {
    var out = new ByteArrayOutputStream();
    try (var wb = new Workbook(out, "it", "1.0")) {
      var ws = wb.newWorksheet("tree");
      for (int r = 0; r < rows.length; r++) {
        for (int c = 0; c < rows[r].length; c++) {
          ws.value(r, c, rows[r][c]);
        }
      }
      ws.finish();
    }
    return out.toByteArray();
  }

  @Test
  void excelImportFeedsTheHealthCheckAndBadFilesChangeNothing() throws Exception {
    long tree = tree("导入树");
    byte[] xlsx = workbook(new String[] {"一级", "二级", "三级", "参数", "答案"},
        new String[] {"社保", "养老", "", "年龄=60; 缴费=15年", "满60周岁可领取"},
        new String[] {"社保", "养老", "", "年龄=60; 缴费=15年", "满55周岁可领取"},
        new String[] {"社保", "医疗", "门诊", "类型=职工", "报销50%"},
        new String[] {"社保", "医疗", "门诊", "类型=职工", "报销50%"},
        new String[] {"社保", "工伤", "", "地区=", ""});
    var imported = files.upload(BASE + "/" + tree + "/import", admin, "tree.xlsx", xlsx);
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(imported.body()).contains("\"imported\":5");
    jdbc.sql("""
        insert into kb_tree_nodes (tree_id, parent_id, name, parameters, answer, position, created_at, updated_at)
        values (:t, 987654321, '失联节点', '{}', '孤儿的答案', 0, current_timestamp, current_timestamp)""")
        .param("t", tree).update();
    var problems = api.get(BASE + "/" + tree + "/health", admin).json().get("problems");
    var byKind = problems.valueStream().collect(java.util.stream.Collectors.groupingBy(p -> p.get("kind").asString(),
        java.util.stream.Collectors.mapping(p -> p.get("path").asString(), java.util.stream.Collectors.toList())));
    assertThat(byKind.get("contradiction")).contains("社保/养老");
    assertThat(byKind.get("duplicate")).contains("社保/医疗/门诊");
    assertThat(byKind.get("missing_data")).contains("社保/工伤");
    assertThat(byKind.get("orphan")).containsExactly("失联节点");
    assertThat(problems.valueStream()).allMatch(p -> p.get("node_id").asLong() > 0 && !p.get("detail").asString()
        .isBlank());

    long before = api.get(BASE + "/" + tree, admin).json().get("node_count").asLong();
    var gap = files.upload(BASE + "/" + tree + "/import", admin, "gap.xlsx", workbook(
        new String[] {"level 1", "level 2", "level 3", "answer"}, new String[] {"新", "", "三级", "x"}));
    assertThat(gap.statusCode()).isEqualTo(400);
    assertThat(gap.body()).contains("tree.bad_row", "row 2");
    var params = files.upload(BASE + "/" + tree + "/import", admin, "p.xlsx", workbook(
        new String[] {"level 1", "parameters", "answer"}, new String[] {"好", "a=1", "x"},
        new String[] {"坏", "没有等号", "y"}));
    assertThat(params.body()).contains("row 3", "没有等号");
    var yaml = files.upload(BASE + "/" + tree + "/import", admin, "t.yaml",
        "nodes: [ {name: 甲, children: [ {answer: 无名} ]} ]".getBytes(StandardCharsets.UTF_8));
    assertThat(yaml.body()).contains("nodes[0].children[0]: name is required");
    assertThat(files.upload(BASE + "/" + tree + "/import", admin, "t.yaml", ":\n  - [".getBytes(StandardCharsets.UTF_8))
        .statusCode()).isEqualTo(400);
    assertThat(api.get(BASE + "/" + tree, admin).json().get("node_count").asLong()).isEqualTo(before);
  }

  @Test
  void yamlAndExcelExportsImportBackToTheSameTree() {
    long tree = tree("原树");
    long a = node(tree, null, "办事指南", Map.of(), null, null);
    long b = node(tree, a, "户籍", Map.of("事项", "迁入"), "携带户口本办理", null);
    node(tree, b, "投靠", Map.of("关系", "夫妻"), "结婚满两年", null);
    node(tree, a, "婚姻", Map.of(), "到婚姻登记处", null);
    for (String format : List.of("yaml", "xlsx")) {
      var exported = files.download(BASE + "/" + tree + "/export?format=" + format, admin);
      assertThat(exported.status()).isEqualTo(200);
      long copy = tree("副本-" + format);
      var imported = files.upload(BASE + "/" + copy + "/import", admin, "t." + format, exported.body());
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
      var original = api.get(BASE + "/" + tree, admin).json().get("nodes");
      var again = api.get(BASE + "/" + copy, admin).json().get("nodes");
      assertThat(strip(again)).as(format).isEqualTo(strip(original));
    }
    assertThat(new String(files.download(BASE + "/" + tree + "/export?format=yaml", admin).body(),
        StandardCharsets.UTF_8)).contains("name: \"办事指南\"", "children:");
  }

  /** Names, paths, parameters and answers, nested: what an export must carry (ids and positions aside). */
  private static List<Object> strip(JsonNode nodes) {
    return nodes.valueStream().<Object>map(n -> List.of(n.get("path").asString(), n.get("parameters").toString(),
        n.path("answer").asString(""), strip(n.get("children")))).toList();
  }

  @Test
  void anotherTenantGets404AndApiKeysCannotBrowse() {
    long tree = tree("甲树");
    long node = node(tree, null, "根", Map.of(), "答", null);
    String other = fx.login(fx.tenant("tree-b").adminName());
    assertProblem(api.get(BASE + "/" + tree, other), 404, "tree.not_found");
    assertProblem(api.put(BASE + "/" + tree + "/nodes/" + node, other, map("name", "改")), 404, "tree.not_found");
    assertProblem(api.get(BASE + "/" + tree + "/health", other), 404, "tree.not_found");
    assertThat(api.get(BASE, other).body()).doesNotContain("甲树");
    assertThat(api.get(BASE + "/" + tree, admin).json().at("/nodes/0/name").asString()).isEqualTo("根");
  }
}
