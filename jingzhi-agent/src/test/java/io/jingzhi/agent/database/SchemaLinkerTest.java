package io.jingzhi.agent.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaLinkerTest {

  private static DbSchema.Column col(String name, String comment, String... samples) {
    return new DbSchema.Column(name, "VARCHAR", true, comment, List.of(samples));
  }

  private static DbSchema.Table table(String name, String comment, List<DbSchema.Column> columns,
      DbSchema.ForeignKey... fks) {
    return new DbSchema.Table(name, "table", comment, columns, List.of(columns.getFirst().name()), List.of(fks));
  }

  private static DbSchema schema() {
    List<DbSchema.Table> tables = new ArrayList<>();
    tables.add(table("biz_matter", "政务服务事项", List.of(col("matter_id", null), col("matter_name", "事项名称"),
        col("dept_code", "实施部门"))));
    tables.add(table("biz_application", "办件记录", List.of(col("app_id", null), col("matter_id", "事项"),
        col("district", "区县", "东城区", "西城区"), col("apply_date", "申请日期")),
        new DbSchema.ForeignKey(List.of("matter_id"), "biz_matter", List.of("matter_id"))));
    tables.add(table("sys_dept", "部门", List.of(col("dept_code", null), col("dept_name", "部门名称"))));
    for (int i = 0; i < 8; i++) {
      tables.add(table("log_table_" + i, "系统日志" + i, List.of(col("log_id", null), col("message", "日志内容"))));
    }
    tables.add(table("singer", null, List.of(col("singer_id", null), col("name", null), col("country", null))));
    return new DbSchema("gov", tables, false);
  }

  @Test
  void chineseQuestionsFindTablesByCommentsAndSampleValues() {
    var linked = SchemaLinker.link(schema(), "东城区去年的办件量是多少？", 3, List.of());
    assertThat(linked.tables().getFirst().name()).isEqualTo("biz_application");
    assertThat(linked.tables()).extracting(DbSchema.Table::name)
        .as("the foreign key neighbour comes along").contains("biz_matter")
        .doesNotContain("log_table_0");
  }

  @Test
  void englishQuestionsFindTablesByNames() {
    var linked = SchemaLinker.link(schema(), "What are the names and countries of all singers?", 3, List.of());
    assertThat(linked.tables().getFirst().name()).isEqualTo("singer");
  }

  @Test
  void theAllowListLimitsTheCandidates() {
    var linked = SchemaLinker.link(schema(), "东城区去年的办件量是多少？", 3, List.of("sys_dept", "singer"));
    assertThat(linked.tables()).extracting(DbSchema.Table::name).containsExactlyInAnyOrder("sys_dept", "singer");
  }

  @Test
  void ddlShowsKeysCommentsAndSamples() {
    String ddl = SchemaLinker.ddl(List.of(schema().table("biz_application").orElseThrow()));
    assertThat(ddl).contains("CREATE TABLE biz_application ( -- 办件记录")
        .contains("  app_id VARCHAR PRIMARY KEY,\n")
        .contains("  district VARCHAR, -- 区县; e.g. '东城区', '西城区'")
        .contains("FOREIGN KEY (matter_id) REFERENCES biz_matter(matter_id)\n);");
  }

  @Test
  void tokensSplitIdentifiersAndChinese() {
    assertThat(SchemaLinker.tokens("Song_release_year")).contains("song", "release", "year");
    assertThat(SchemaLinker.tokens("concertName")).contains("concert", "name");
    assertThat(SchemaLinker.tokens("办件记录")).contains("办件", "记录");
  }
}
