package io.jingzhi.gateway.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.gateway.provider.TokenCounter;
import org.junit.jupiter.api.Test;

class PromptsTest {

  @Test
  void synthesisesAboutTheAskedNumberOfTokens() {
    TokenCounter counter = new TokenCounter();
    for (int n : new int[] {1, 37, 512, 2000}) {
      int got = counter.count(Prompts.synthesize(n, counter));
      assertThat(got).isLessThanOrEqualTo(n).isGreaterThanOrEqualTo(n - 2);
    }
  }
}
