package io.jingzhi.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TraceValuesTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final TraceValues values = new TraceValues(json, 100, List.of("s3cr3t-value", "ab"));

  @Test
  void masksSecretValuesWhereverTheyAppearAndCredentialMembers() {
    String out = values.json(Map.of("url", "https://x/?key=s3cr3t-value&y=1", "headers",
        Map.of("Authorization", "Bearer abc", "Accept", "json"), "items", List.of("s3cr3t-value")));
    assertThat(out).doesNotContain("s3cr3t-value").doesNotContain("Bearer abc")
        .contains("key=******&y=1").contains("\"Authorization\":\"******\"").contains("\"Accept\":\"json\"");
  }

  @Test
  void shortSecretsAreNotMaskedInOrdinaryText() {
    assertThat(values.text("about")).isEqualTo("about");
  }

  @Test
  void cutsLongTextsAndSaysHowMuchWasLeftOut() {
    String cut = values.text("长".repeat(250));
    assertThat(cut).startsWith("长".repeat(100)).endsWith("[150 more chars]");
    assertThat(values.json(Map.of("a", "x".repeat(101)))).contains("[1 more chars]");
  }

  @Test
  void keepsNumbersBooleansAndNulls() {
    assertThat(values.json(null)).isNull();
    assertThat(values.json(Map.of("n", 3, "b", true))).contains("\"n\":3").contains("\"b\":true");
  }
}
