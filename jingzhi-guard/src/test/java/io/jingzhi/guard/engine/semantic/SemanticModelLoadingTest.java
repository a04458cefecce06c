package io.jingzhi.guard.engine.semantic;

import io.jingzhi.guard.api.embedding.TextEmbedder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading: missing, unreadable or mismatched models turn the classifier off instead of failing. No embedding. */
class SemanticModelLoadingTest {

  private static final TextEmbedder OTHER = new TextEmbedder() {
    @Override
    public List<float[]> embed(List<String> texts) {
      throw new AssertionError("not called");
    }

    @Override
    public String modelName() {
      return "some-other-model";
    }
  };

  @Test
  void missingModelLeavesTheClassifierOff() {
    assertThat(SemanticClassifier.load(getClass().getClassLoader(), "guard/semantic/absent.bin", OTHER)).isEmpty();
  }

  @Test
  void modelOfAnotherEmbeddingModelLeavesTheClassifierOff() {
    assertThat(SemanticClassifier.load(OTHER)).isEmpty();
    SemanticModel model = TinyModel.model();
    assertThatThrownBy(() -> new SemanticClassifier(model, OTHER, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void garbageIsNotAModel() {
    assertThatThrownBy(() -> SemanticModel.read(new ByteArrayInputStream(new byte[] {1, 2, 3})))
        .isInstanceOf(IOException.class);
  }

  @Test
  void modelSurvivesWriteAndRead() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TinyModel.model().write(bytes);
    SemanticModel back = SemanticModel.read(new ByteArrayInputStream(bytes.toByteArray()));
    assertThat(back.embeddingModel()).isEqualTo(TinyModel.NAME);
    assertThat(back.input().block()).isEqualTo(0.8);
    assertThat(back.input().exemplars().labels()).containsExactly("r1", "r2", "a1", "a2");
  }

  @Test
  void trainingLabelsMapToRiskTypes() {
    assertThat(RiskTypes.of("违法犯罪/宣扬恐怖主义、极端主义")).isEqualTo("A.1.4");
    assertThat(RiskTypes.of("jailbreak/歧视/地域歧视内容")).isEqualTo("A.2.4");
    assertThat(RiskTypes.of("歧视偏见/性别歧视内容")).isEqualTo("A.2.5");
    assertThat(RiskTypes.of("侵犯权益/侵害他人隐私权")).isEqualTo("A.4.5");
    assertThat(RiskTypes.of("A.2.7")).isEqualTo("A.2.7");
    assertThat(RiskTypes.of("违法犯罪/偷窃")).isEqualTo("A.1.8");
  }

  @Test
  void longTextsAreSplitIntoHeadAndQuestionChunks() {
    String text = "前言。".repeat(300) + "最后的问题是什么？";
    List<String> windows = TextWindows.of(text, 6);
    assertThat(windows.get(0)).hasSize(TextWindows.HEAD);
    assertThat(windows).hasSizeLessThanOrEqualTo(7);
    assertThat(windows.get(windows.size() - 1)).endsWith("最后的问题是什么？");
    assertThat(TextWindows.of("短问题？", 6)).containsExactly("短问题？");
  }
}
