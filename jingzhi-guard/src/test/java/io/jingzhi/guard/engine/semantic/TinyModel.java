package io.jingzhi.guard.engine.semantic;

import io.jingzhi.guard.api.embedding.TextEmbedder;
import java.util.List;

/**
 * A hand-made 2-dimensional model and embedder for threshold tests: texts containing "危险" embed at (1, 0), near
 * the should-refuse exemplars; "可疑" at a point between; anything else at (0, 1) with the should-not-refuse ones.
 */
final class TinyModel {

  static final String NAME = "tiny-2d";

  private TinyModel() {}

  static SemanticModel model() {
    Exemplars ex = new Exemplars(new float[][] {{1, 0}, {0.98f, 0.2f}, {0, 1}, {0.2f, 0.98f}},
        new boolean[] {true, true, false, false}, new String[] {"A.1.4", "A.1.4", "A.1.8", "A.1.8"},
        new String[] {"r1", "r2", "a1", "a2"});
    // probability = sigmoid(4 * lr), lr = 2x - 2y: (1,0) → 0.9997, (0.6,0.8) → 0.17, (0,1) → 0.0003.
    SemanticHead head = new SemanticHead(new float[] {2, -2}, 0, 4, 0, 0, 1, 0.8, 0.1, ex);
    return new SemanticModel(NAME, "0".repeat(64), head, head);
  }

  static TextEmbedder embedder() {
    return new TextEmbedder() {
      @Override
      public List<float[]> embed(List<String> texts) {
        return texts.stream().map(t -> t.contains("危险") ? new float[] {1, 0}
            : t.contains("可疑") ? new float[] {0.6f, 0.8f} : new float[] {0, 1}).toList();
      }

      @Override
      public String modelName() {
        return NAME;
      }
    };
  }
}
