package io.jingzhi.knowledge.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.common.error.FieldError;
import io.jingzhi.knowledge.parse.ParsedDocument;
import io.jingzhi.knowledge.parse.ParsedDocument.Table;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class ChunkerTest {

  private final Chunker chunker = Chunker.withBuiltInStrategies();

  @Test
  void autoChoosesTheStrategyByContent() {
    ChunkingSettings auto = ChunkingSettings.defaults();
    assertThat(chunker.strategyFor(Samples.policy(), auto)).isEqualTo("policy");
    assertThat(chunker.strategyFor(Samples.guide(), auto)).isEqualTo("service_guide");
    assertThat(chunker.strategyFor(Samples.faq(), auto)).isEqualTo("faq");
    assertThat(chunker.strategyFor(Samples.markdown(), auto)).isEqualTo("markdown");
    assertThat(chunker.strategyFor(Samples.tables("xlsx", Samples.subsidies()), auto)).isEqualTo("table");
    assertThat(chunker.strategyFor(Samples.jsonl(), auto)).isEqualTo("jsonl");
    assertThat(chunker.strategyFor(Samples.text("txt", GeneralStrategyTest.REPORT), auto)).isEqualTo("general");
    Table faq = new Table("问答", List.of("问题", "答案"), List.of(List.of("怎么办？", "这样办。")));
    assertThat(chunker.strategyFor(Samples.tables("xlsx", faq), auto)).isEqualTo("faq");
    String qa = "1. 如何申请？\n在线提交申请表。\n2. 多久办结？\n五个工作日。";
    assertThat(chunker.strategyFor(Samples.text("txt", qa), auto)).isEqualTo("faq");
    String list = "1. 为什么要改革？因为群众办事仍然多跑腿。\n2. 怎么改？推行一网通办。";
    assertThat(chunker.strategyFor(Samples.text("txt", list), auto)).as("rhetorical questions").isEqualTo("general");
  }

  @Test
  void aNamedStrategyIsUsedButJsonlDocumentsAreAlwaysRecords() {
    ChunkingSettings general = ChunkingSettings.defaults().withStrategy("general");
    assertThat(chunker.strategyFor(Samples.policy(), general)).isEqualTo("general");
    assertThat(chunker.strategyFor(Samples.jsonl(), general)).isEqualTo("jsonl");
    assertThat(chunker.strategyFor(Samples.policy(), general.withStrategy("jsonl"))).isEqualTo("policy");
    assertThat(chunker.chunk(Samples.policy(), general)).noneMatch(c -> c.metadata().containsKey("article"));
    assertThat(chunker.chunk(Samples.policy(), ChunkingSettings.defaults()))
        .anyMatch(c -> "第四条".equals(c.metadata().get("article")));
  }

  @Test
  void settingsAreCheckedNamingEveryBadField() {
    ChunkingSettings bad = new ChunkingSettings("paragraph", 20, 30, 10, Map.of("地区", "filter"), List.of(
        new SchemaField("发文日期", "datetime", 0, null, false),
        new SchemaField("级别", "enum", null, List.of(), false),
        new SchemaField("级别", "string", null, null, false),
        new SchemaField(" ", "string", null, null, false)));
    assertThatThrownBy(() -> chunker.chunk(Samples.policy(), bad)).isInstanceOfSatisfying(
        InvalidChunkingSettings.class, e -> {
          assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
          assertThat(e.code()).isEqualTo("chunking.invalid_settings");
          assertThat(e.fieldErrors()).extracting(FieldError::field).containsExactly("strategy", "max_chars",
              "overlap_chars", "parent_chars", "columns.地区", "schema[0].type", "schema[0].max_length",
              "schema[1].values", "schema[2].name", "schema[3].name");
          assertThat(e.getMessage()).contains("max_chars must be between 50 and 8000");
        });
  }

  @Test
  void settingsAreReadFromTheSnakeCaseJsonOfTheApi() {
    JsonMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    ChunkingSettings settings = json.readValue("""
        {"strategy": "table", "max_chars": 800, "overlap_chars": 80, "parent_chars": 2000,
         "columns": {"地区": "metadata"},
         "schema": [{"name": "发布日期", "type": "date", "required": true},
                    {"name": "层级", "type": "enum", "values": ["市级", "区级"], "max_length": 4}]}
        """, ChunkingSettings.class);
    assertThat(settings).isEqualTo(new ChunkingSettings("table", 800, 80, 2000, Map.of("地区", "metadata"), List.of(
        new SchemaField("发布日期", "date", null, List.of(), true),
        new SchemaField("层级", "enum", 4, List.of("市级", "区级"), false))));
    ChunkingSettings sparse = json.readValue("{\"max_chars\": 300}", ChunkingSettings.class);
    assertThat(sparse).isEqualTo(new ChunkingSettings("auto", 300, 30, 0, Map.of()));
    assertThat(json.readValue("{}", ChunkingSettings.class)).isEqualTo(ChunkingSettings.defaults());
    assertThat(sparse.columns()).isEmpty();
    assertThat(sparse.schema()).isEmpty();
    chunker.validate(sparse);
    assertThat(json.readTree(json.writeValueAsString(settings)).has("max_chars")).isTrue();
  }

  @Test
  void settingsAtTheirLimitsAreAccepted() {
    chunker.validate(new ChunkingSettings("markdown", 50, 49, 51, Map.of("a", "both", "b", "metadata")));
    chunker.validate(new ChunkingSettings(null, 8000, 0, 0, null, null));
    assertThatThrownBy(() -> chunker.validate(new ChunkingSettings("general", 8001, 0, 0, Map.of())))
        .isInstanceOf(InvalidChunkingSettings.class).hasMessageContaining("max_chars");
    assertThatThrownBy(() -> chunker.validate(new ChunkingSettings("general", 500, 0, 500, Map.of())))
        .isInstanceOf(InvalidChunkingSettings.class).hasMessageContaining("parent_chars");
    assertThat(chunker.strategyNames()).containsExactly("auto", "general", "policy", "service_guide", "faq", "table",
        "markdown", "jsonl");
  }

  @Test
  void schemaFieldsAreFilledFromColumnsAndLinesAndViolationsReported() {
    Table table = new Table("目录", List.of("政策名称", "发布日期", "补贴金额", "层级", "文号"), List.of(
        List.of("创业担保贷款贴息", "2024年3月1日", "1,500", "市级", "京人社发〔2024〕3号"),
        List.of("技能提升补贴", "2024-02-30", "约两千元", "乡镇级", "京人社发〔2024〕第一百二十三号补充通知"),
        List.of("稳岗返还", "", "", "区级", "")));
    ChunkingSettings settings = new ChunkingSettings("table", 500, 0, 0, Map.of("文号", "metadata"), List.of(
        new SchemaField("发布日期", "date", null, null, true),
        new SchemaField("补贴金额", "number", null, null, false),
        new SchemaField("层级", "enum", null, List.of("市级", "区级"), false),
        new SchemaField("文号", "string", 15, null, false)));
    List<Chunk> chunks = chunker.chunk(Samples.tables("xlsx", table), settings);
    assertThat(chunks.get(0).metadata()).containsEntry("发布日期", "2024-03-01").containsEntry("补贴金额", "1500")
        .containsEntry("层级", "市级").containsEntry("文号", "京人社发〔2024〕3号").doesNotContainKey("schema_errors");
    assertThat(chunks.get(1).metadata()).containsEntry("发布日期", "2024-02-30").containsEntry("补贴金额", "约两千元")
        .containsEntry("schema_errors", "发布日期: not_a_date (2024-02-30); 补贴金额: not_a_number (约两千元); "
            + "层级: not_allowed (乡镇级); 文号: too_long (21 > 15)");
    assertThat(chunks.get(2).metadata()).containsEntry("schema_errors", "发布日期: missing")
        .doesNotContainKey("补贴金额");
    assertThat(chunks).hasSize(3); // a chunk with errors is kept
  }

  @Test
  void schemaFieldsComeFromFieldLinesInText() {
    String text = "关于印发就业补贴办法的通知\n发文机关：京东市人力资源和社会保障局\n发布日期：2024/5/8\n正文略。";
    ChunkingSettings settings = new ChunkingSettings("general", 500, 0, 0, Map.of(), List.of(
        new SchemaField("发文机关", "string", null, null, true), new SchemaField("发布日期", "date", null, null, true)));
    Chunk chunk = chunker.chunk(Samples.text("txt", text), settings).getFirst();
    assertThat(chunk.metadata()).containsEntry("发文机关", "京东市人力资源和社会保障局").containsEntry("发布日期", "2024-05-08")
        .doesNotContainKey("schema_errors");
  }

  @Test
  void parentsGroupConsecutiveChildrenOfOneChapter() {
    ChunkingSettings settings = new ChunkingSettings("policy", 150, 0, 600, Map.of());
    List<Chunk> chunks = chunker.chunk(Samples.policy(), settings);
    List<Chunk> children = chunks.stream().filter(Chunk::searchable).toList();
    List<Chunk> parents = chunks.stream().filter(c -> !c.searchable()).toList();
    assertThat(parents).isNotEmpty();
    Chunk chapterTwo = chunks.get(children.stream().filter(c -> "第四条".equals(c.metadata().get("article")))
        .findFirst().orElseThrow().parent());
    assertThat(chapterTwo.headingPath()).startsWith("第二章 支持范围和标准");
    assertThat(chapterTwo.text()).contains("第四条 补助资金支持以下改造内容").contains("第五条 已纳入");
    assertThat(chapterTwo.text()).doesNotContain("第七条");
    // the path line repeated in the parts of 第六条 appears in their parent once at most
    for (Chunk parent : parents) {
      assertThat(parent.text().split("第二章 支持范围和标准 > 第二节 补助标准 > 第六条", -1).length).isLessThanOrEqualTo(2);
      assertThat(parent.metadata()).doesNotContainKey("schema_errors");
    }
  }
}
