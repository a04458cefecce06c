package io.jingzhi.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.common.crypto.SecretBox;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpSecretsTest {

  @Test
  void secretLookingValuesAreMaskedAndAMaskKeepsTheStoredValue() {
    assertThat(McpSecrets.masked(Map.of("Authorization", "Bearer x", "X-Api-Key", "k", "X-Trace", "t")))
        .containsEntry("Authorization", McpSecrets.MASK).containsEntry("X-Api-Key", McpSecrets.MASK)
        .containsEntry("X-Trace", "t");
    assertThat(McpSecrets.masked(Map.of("GITHUB_TOKEN", "g", "DB_PASSWORD", "p", "LANG", "zh_CN")))
        .containsEntry("GITHUB_TOKEN", McpSecrets.MASK).containsEntry("DB_PASSWORD", McpSecrets.MASK)
        .containsEntry("LANG", "zh_CN");
    assertThat(McpSecrets.merge(Map.of("Authorization", "Bearer old", "X-Old", "1"),
        Map.of("Authorization", McpSecrets.MASK, "X-New", "2")))
        .isEqualTo(Map.of("Authorization", "Bearer old", "X-New", "2"));
  }

  @Test
  void mapsAreSealedNotStoredInClear() {
    var secrets = new McpSecrets(new SecretBox(new byte[32]));
    String sealed = secrets.seal(Map.of("Authorization", "Bearer very-secret"));
    assertThat(sealed).startsWith("v1:").doesNotContain("very-secret");
    assertThat(secrets.open(sealed)).containsEntry("Authorization", "Bearer very-secret");
    assertThat(secrets.seal(Map.of())).isNull();
    assertThat(secrets.open(null)).isEmpty();
  }
}
