package io.jingzhi.agent.mcp;

import io.jingzhi.common.crypto.SecretBox;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seals the header and environment maps of MCP servers and masks their secret values for display. Whole maps are
 * sealed (a header's name may tell less than its value); which values are shown masked is decided by the name:
 * credentials travel as {@code Authorization}, {@code Cookie}, {@code *-Key}, {@code *token*},
 * {@code *secret*}, {@code *password*}.
 */
@Component
public class McpSecrets {

  /** What a masked value reads as; sent back unchanged it keeps the stored value. */
  public static final String MASK = "******";

  private static final Pattern SECRET_NAME = Pattern.compile(
      "authorization|proxy-authorization|cookie|.*(key|token|secret|password|passwd|credential).*");
  private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};

  private final SecretBox box;
  private final JsonMapper json = JsonMapper.builder().build();

  public McpSecrets(SecretBox box) {
    this.box = box;
  }

  public static boolean secretName(String name) {
    return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT).replace('_', '-')).matches();
  }

  public String seal(Map<String, String> values) {
    return values == null || values.isEmpty() ? null : box.encrypt(json.writeValueAsString(values));
  }

  public Map<String, String> open(String sealed) {
    return sealed == null || sealed.isBlank() ? Map.of() : json.readValue(box.decrypt(sealed), MAP);
  }

  /** The values with the secret ones masked. */
  public static Map<String, String> masked(Map<String, String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, secretName(k) ? MASK : v));
    return out;
  }

  /** The new values, where a masked one keeps the stored value of the same name. */
  public static Map<String, String> merge(Map<String, String> stored, Map<String, String> incoming) {
    Map<String, String> out = new LinkedHashMap<>();
    incoming.forEach((k, v) -> out.put(k, MASK.equals(v) && stored.containsKey(k) ? stored.get(k) : v));
    return out;
  }
}
