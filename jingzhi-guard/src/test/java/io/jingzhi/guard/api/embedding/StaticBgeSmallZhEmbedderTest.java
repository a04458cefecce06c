package io.jingzhi.guard.api.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static model distilled from bge-small-zh-v1.5: unit vectors of 256 dimensions, the same vector for the same
 * text whatever the batch, paraphrases closer than unrelated texts, texts of any length, a table in the jar that
 * matches the shipped recipe, and a distillation that gives the same table twice.
 */
class StaticBgeSmallZhEmbedderTest {

  private static final StaticBgeSmallZhEmbedder STATIC = new StaticBgeSmallZhEmbedder();

  private static final List<String> TEXTS = List.of(
      "住房公积金提取需要携带身份证、银行卡以及购房合同或租房证明，到市公积金管理中心服务窗口办理。",
      "新生儿落户",
      "营业执照遗失了怎么补办？需要先发布遗失公告，再到市场监管部门申请补领。",
      "社保卡",
      "今天天气怎么样");

  @Test
  void servesUnitVectorsOf256DimensionsUnderItsOwnName() {
    assertThat(STATIC.modelName()).isEqualTo("bge-small-zh-v1.5-static");
    List<float[]> vectors = STATIC.embed(TEXTS);
    assertThat(vectors).hasSize(TEXTS.size());
    for (float[] v : vectors) {
      assertThat(v).hasSize(StaticBgeSmallZhEmbedder.DIMENSIONS);
      assertThat(dot(v, v)).isCloseTo(1.0, offset(1e-4));
    }
  }

  @Test
  void isDeterministicWhateverTheBatch() {
    List<float[]> together = STATIC.embed(TEXTS);
    for (int i = 0; i < TEXTS.size(); i++) {
      assertThat(STATIC.embed(List.of(TEXTS.get(i))).getFirst()).isEqualTo(together.get(i));
    }
    assertThat(new StaticBgeSmallZhEmbedder().embed(TEXTS).get(2)).isEqualTo(together.get(2));
  }

  @Test
  void paraphrasesAreCloserThanUnrelatedTexts() {
    List<float[]> v = STATIC.embed(List.of(
        "失业保险金怎么申领？需要哪些材料？",
        "申请失业保险金要准备什么材料",
        "明天上午的航班因为大雾延误了",
        "公积金怎么取出来",
        "住房公积金提取的条件和办理流程",
        "这家餐厅的红烧肉味道很好"));
    assertThat(dot(v.get(0), v.get(1))).isGreaterThan(dot(v.get(0), v.get(2)));
    assertThat(dot(v.get(0), v.get(1))).isGreaterThan(dot(v.get(0), v.get(5)));
    assertThat(dot(v.get(3), v.get(4))).isGreaterThan(dot(v.get(3), v.get(2)));
    assertThat(dot(v.get(3), v.get(4))).isGreaterThan(dot(v.get(3), v.get(5)));
    // Known weakness, not asserted: two different questions of the same form ("…怎么…") can come out closer than a
    // paraphrase, because word order and context are gone (see docs/knowledge.md, "Static embedding model").
  }

  @Test
  void embedsTextsOfAnyLength() {
    String longText = "市民可以通过政务服务网办理住房公积金提取、社保卡申领和居住证签注等业务。".repeat(60);
    List<float[]> v = STATIC.embed(List.of(longText, "", "   "));
    assertThat(dot(v.get(0), v.get(0))).isCloseTo(1.0, offset(1e-4));
    // No tokens, no direction: a zero vector rather than an error.
    assertThat(dot(v.get(1), v.get(1))).isZero();
    assertThat(v.get(2)).hasSize(StaticBgeSmallZhEmbedder.DIMENSIONS);
  }

  @Test
  void theTableInTheJarIsUpToDateWithTheShippedRecipe() throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(StaticBgeSmallZhEmbedder.TABLE_RESOURCE)) {
      assertThat(in).as("the build distils the table (guard.static.skip not set)").isNotNull();
      assertThat(StaticEmbeddingTable.recipeOf(in)).isEqualTo(StaticEmbeddingDistiller.recipe());
    }
    StaticEmbeddingTable t = STATIC.table();
    assertThat(t.vocab()).isEqualTo(StaticBgeSmallZhEmbedder.VOCABULARY);
    assertThat(t.dims()).isEqualTo(StaticBgeSmallZhEmbedder.DIMENSIONS);
  }

  @Test
  void distillationIsReproducibleAndRoundTrips(@TempDir Path dir) throws Exception {
    // A small vocabulary prefix (the full table takes about a minute): same inputs, same table, byte for byte.
    StaticEmbeddingTable a = StaticEmbeddingDistiller.distil(700);
    StaticEmbeddingTable b = StaticEmbeddingDistiller.distil(700);
    assertThat(a.vocab()).isEqualTo(700);
    assertThat(a.dims()).isEqualTo(StaticBgeSmallZhEmbedder.DIMENSIONS);
    ByteArrayOutputStream ba = new ByteArrayOutputStream();
    ByteArrayOutputStream bb = new ByteArrayOutputStream();
    a.write(ba);
    b.write(bb);
    assertThat(ba.toByteArray()).isEqualTo(bb.toByteArray());
    StaticEmbeddingTable read = StaticEmbeddingTable.read(new ByteArrayInputStream(ba.toByteArray()));
    assertThat(read.recipe()).isEqualTo(StaticEmbeddingDistiller.recipe());
    assertThat(read.row(650)).containsExactly(a.row(650), offset(2e-3f));
    Path file = dir.resolve("t.bin");
    StaticEmbeddingDistiller.write(a, file);
    assertThat(Files.size(file)).isEqualTo(ba.size());
  }

  @Test
  void frequentTokensWeighLessThanRareOnes() {
    double[] w = StaticEmbeddingDistiller.sifWeights(StaticBgeSmallZhEmbedder.VOCABULARY);
    int de = 4638; // 的
    int unseen = 1; // [unused1]
    assertThat(w[de]).isLessThan(0.2);
    assertThat(w[unseen]).isGreaterThan(0.95);
  }

  private static double dot(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d;
  }
}
