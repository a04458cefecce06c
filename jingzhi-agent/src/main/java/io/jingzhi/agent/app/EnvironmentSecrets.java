package io.jingzhi.agent.app;

import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.definition.VariableSpec;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.common.crypto.SecretBox;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Environment variables of type {@code secret}: written in clear by the builder, stored sealed
 * ({@code enc:<SecretBox ciphertext>}), shown as {@code ******}, emptied in exports and copies, and decrypted only
 * for a run.
 */
@Component
public class EnvironmentSecrets {

  /** What the API shows instead of a stored secret; sent back unchanged it keeps the stored value. */
  public static final String MASK = "******";
  static final String SEALED = "enc:";

  private final SecretBox box;

  public EnvironmentSecrets(SecretBox box) {
    this.box = box;
  }

  /**
   * The incoming definition with its secrets sealed: {@code ******} (or a sealed value) keeps what {@code stored}
   * holds under the same name, a clear value is encrypted.
   */
  public WorkflowDefinition seal(WorkflowDefinition incoming, WorkflowDefinition stored) {
    Map<String, Object> previous = new HashMap<>();
    if (stored != null) {
      stored.environment().stream().filter(EnvironmentSecrets::secret)
          .forEach(v -> previous.put(v.name(), v.value()));
    }
    return withSecrets(incoming, v -> {
      Object value = v.value();
      if (value == null || "".equals(value)) {
        return value;
      }
      String text = value.toString();
      if (MASK.equals(text) || (text.startsWith(SEALED) && text.equals(previous.get(v.name())))) {
        return previous.get(v.name());
      }
      return SEALED + box.encrypt(text);
    });
  }

  /** The definition as the API shows it: every stored secret replaced by {@code ******}. */
  public WorkflowDefinition mask(WorkflowDefinition d) {
    return withSecrets(d, v -> v.value() == null || "".equals(v.value()) ? v.value() : MASK);
  }

  /** The definition without any secret value (exports, copies). */
  public WorkflowDefinition strip(WorkflowDefinition d) {
    return withSecrets(d, v -> "");
  }

  /** The environment of a run, by name, secrets decrypted. */
  public Map<String, Object> decrypt(WorkflowDefinition d) {
    Map<String, Object> env = new LinkedHashMap<>();
    for (VariableSpec v : d.environment()) {
      env.put(v.name(), secret(v) ? open(v.value()) : v.value());
    }
    return env;
  }

  /** The definition with secrets decrypted in place, to compare content regardless of encryption. */
  public WorkflowDefinition opened(WorkflowDefinition d) {
    return withSecrets(d, v -> open(v.value()));
  }

  private Object open(Object value) {
    if (value instanceof String s && s.startsWith(SEALED)) {
      return box.decrypt(s.substring(SEALED.length()));
    }
    return value;
  }

  private static WorkflowDefinition withSecrets(WorkflowDefinition d, java.util.function.Function<VariableSpec,
      Object> value) {
    if (d.environment().stream().noneMatch(EnvironmentSecrets::secret)) {
      return d;
    }
    List<VariableSpec> env = d.environment().stream().map(v -> secret(v) ? new VariableSpec(v.name(), v.type(),
        v.label(), v.description(), v.required(), value.apply(v), v.options(), v.maxLength()) : v).toList();
    return new WorkflowDefinition(d.format(), env, d.conversationVariables(), d.nodes(), d.edges());
  }

  static boolean secret(VariableSpec v) {
    return v.type() == VarType.SECRET;
  }
}
