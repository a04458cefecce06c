package io.jingzhi.guard.api.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The int8 build of bge-small-zh-v1.5 served by the batched embedder: 512-dimensional unit vectors, each text's
 * vector in the caller's place although the batches are sorted by length, close to the fp32 model's vectors, and
 * texts over one window handled by langchain4j's int8 model (which runs on the project's langchain4j version).
 */
class QuantisedBgeSmallZhTest {

  private static final BatchedBgeSmallZhEmbedder INT8 = new BatchedBgeSmallZhEmbedder(BgeSmallZhModel.INT8, 4);

  /** Texts of very different lengths in a deliberately unsorted order, so sorting has to move them. */
  private static final List<String> TEXTS = List.of(
      "住房公积金提取需要携带身份证、银行卡以及购房合同或租房证明，到市公积金管理中心服务窗口办理，"
          + "也可以通过政务服务网在线申请，审核通过后三个工作日内到账。",
      "新生儿落户",
      "营业执照遗失了怎么补办？需要先在国家企业信用信息公示系统发布遗失公告，再到市场监管部门申请补领。",
      "社保卡",
      "居住证办理条件：在本市居住半年以上，有合法稳定就业、合法稳定住所或者连续就读。",
      "今天天气怎么样");

  @Test
  void servesUnitVectorsOf512DimensionsUnderItsOwnName() {
    assertThat(INT8.modelName()).isEqualTo("bge-small-zh-v1.5-q");
    assertThat(BgeSmallZhModel.byName("bge-small-zh-v1.5-q")).contains(BgeSmallZhModel.INT8);
    List<float[]> vectors = INT8.embed(TEXTS);
    assertThat(vectors).hasSize(TEXTS.size());
    for (float[] v : vectors) {
      assertThat(v).hasSize(BgeSmallZhEmbedder.DIMENSIONS);
      assertThat(dot(v, v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
  }

  @Test
  void keepsTheCallersOrderWhileBatchingByLength() {
    List<float[]> together = INT8.embed(TEXTS);
    List<float[]> alone = new ArrayList<>();
    for (String t : TEXTS) {
      alone.add(INT8.embed(List.of(t)).getFirst());
    }
    for (int i = 0; i < TEXTS.size(); i++) {
      // Activations are quantised per batch, so a batch changes a vector a little, never into another text's.
      assertThat(dot(together.get(i), alone.get(i))).as("text %d", i).isGreaterThan(0.98);
      for (int j = 0; j < TEXTS.size(); j++) {
        if (j != i) {
          assertThat(dot(together.get(i), alone.get(j))).as("text %d vs %d", i, j)
              .isLessThan(dot(together.get(i), alone.get(i)));
        }
      }
    }
  }

  @Test
  void agreesWithTheFp32ModelAndRanksLikeIt() {
    List<float[]> q = INT8.embed(TEXTS);
    List<float[]> f = new BatchedBgeSmallZhEmbedder(BgeSmallZhModel.FP32, 4).embed(TEXTS);
    for (int i = 0; i < TEXTS.size(); i++) {
      assertThat(dot(q.get(i), f.get(i))).as("text %d", i).isGreaterThan(0.9);
    }
    float[] query = INT8.embed(List.of("公积金怎么取出来")).getFirst();
    assertThat(dot(query, q.get(0))).isGreaterThan(dot(query, q.get(5)));
  }

  @Test
  void aTextLongerThanOneWindowIsEmbedded() {
    String longText = "市民可以通过政务服务网办理住房公积金提取、社保卡申领和居住证签注等业务。".repeat(30);
    List<float[]> v = INT8.embed(List.of("社保卡", longText));
    assertThat(v.get(1)).hasSize(BgeSmallZhEmbedder.DIMENSIONS);
    assertThat(dot(v.get(1), v.get(1))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(dot(v.get(0), v.get(1))).isLessThan(0.999);
  }

  private static double dot(float[] a, float[] b) {
    double d = 0;
    for (int k = 0; k < a.length; k++) {
      d += a[k] * b[k];
    }
    return d;
  }
}
