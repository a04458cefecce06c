package io.jingzhi.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.definition.VariableSpec;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.common.crypto.SecretBox;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentSecretsTest {

  private final EnvironmentSecrets secrets = new EnvironmentSecrets(new SecretBox(new byte[32]));

  private static WorkflowDefinition env(Object secret, Object plain) {
    return new WorkflowDefinition(WorkflowDefinition.CURRENT_FORMAT, List.of(
        new VariableSpec("TOKEN", VarType.SECRET, null, null, false, secret, null, null),
        new VariableSpec("BASE", VarType.STRING, null, null, false, plain, null, null)), null, null, null);
  }

  @Test
  void clearValuesAreSealedMaskedKeptAndOpenedForRuns() {
    WorkflowDefinition sealed = secrets.seal(env("tok", "http://x"), null);
    String stored = (String) sealed.environment().get(0).value();
    assertThat(stored).startsWith("enc:v1:").doesNotContain("tok");
    assertThat(sealed.environment().get(1).value()).isEqualTo("http://x");
    assertThat(secrets.mask(sealed).environment().get(0).value()).isEqualTo("******");
    assertThat(secrets.decrypt(sealed)).containsEntry("TOKEN", "tok").containsEntry("BASE", "http://x");

    WorkflowDefinition kept = secrets.seal(env("******", "http://y"), sealed);
    assertThat(kept.environment().get(0).value()).isEqualTo(stored);
    WorkflowDefinition forged = secrets.seal(env("enc:v1:forged", "http://y"), sealed);
    assertThat(secrets.decrypt(forged).get("TOKEN")).as("a sealed-looking value is taken as clear text")
        .isEqualTo("enc:v1:forged");
    assertThat(secrets.strip(sealed).environment().get(0).value()).isEqualTo("");
    assertThat(secrets.opened(sealed)).isEqualTo(env("tok", "http://x"));
  }
}
