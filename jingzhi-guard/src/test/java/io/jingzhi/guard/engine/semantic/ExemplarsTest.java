package io.jingzhi.guard.engine.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExemplarsTest {

  private static float[][] unitVectors(int n, int d, Random random) {
    float[][] v = new float[n][d];
    for (float[] row : v) {
      for (int k = 0; k < d; k++) {
        row[k] = (float) random.nextGaussian();
      }
      float[] u = Vectors.normalise(row);
      System.arraycopy(u, 0, row, 0, d);
    }
    return v;
  }

  @Test
  void theColumnScanGivesEachExemplarsCosine() {
    Random random = new Random(3);
    float[][] bank = unitVectors(37, 512, random);
    boolean[] refuse = new boolean[37];
    Exemplars ex = new Exemplars(bank, refuse, new String[37], new String[37]);
    float[] query = unitVectors(1, 512, random)[0];
    double[] sims = ex.similarities(query);
    assertThat(sims).hasSize(37);
    for (int i = 0; i < bank.length; i++) {
      assertThat(sims[i]).isCloseTo(Vectors.dot(query, bank[i]), within(1e-5));
    }
    assertThat(ex.similarities(bank[5])[5]).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void aStoredBankScansAsTheOriginalAndAnEmptyOneGivesNothing() throws Exception {
    Random random = new Random(4);
    float[][] bank = unitVectors(5, 8, random);
    Exemplars ex = new Exemplars(bank, new boolean[] {true, false, true, false, false},
        new String[] {"A.1.1", "", "A.2.1", "", ""}, new String[] {"a", "b", "c", "d", "e"});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataOutputStream data = new DataOutputStream(out)) {
      ex.write(data);
    }
    Exemplars back = Exemplars.read(new DataInputStream(new ByteArrayInputStream(out.toByteArray())));
    float[] query = unitVectors(1, 8, random)[0];
    assertThat(back.similarities(query)).containsExactly(ex.similarities(query));
    assertThat(new Exemplars(new float[0][], new boolean[0], new String[0], new String[0]).similarities(query))
        .isEmpty();
  }
}
