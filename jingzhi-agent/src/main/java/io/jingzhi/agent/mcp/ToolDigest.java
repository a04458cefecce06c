package io.jingzhi.agent.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The identity of a tool list: SHA-256 over names, titles, descriptions and schemas in a canonical form (tools by
 * name, object keys sorted), so the same list in another order or with reordered schema keys is the same version.
 */
final class ToolDigest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ToolDigest() {}

  static String of(List<McpToolInfo> tools) {
    var canonical = tools.stream().sorted(Comparator.comparing(t -> String.valueOf(t.name())))
        .map(t -> sorted(Map.of("name", nz(t.name()), "title", nz(t.title()), "description", nz(t.description()),
            "input_schema", t.inputSchema() == null ? Map.of() : t.inputSchema(),
            "output_schema", t.outputSchema() == null ? Map.of() : t.outputSchema())))
        .toList();
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(JSON.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object sorted(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ToolDigest::sorted).toList();
    }
    return value;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
