package io.jingzhi.server.agent.tools;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.RunInfo;
import io.jingzhi.iam.api.Caller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small {@link NodeContext} for executor tests, standing in for the engine: {@code {{a.b.c}}} references are
 * looked up in the given values by dotted path; a string that is exactly one reference keeps the value's type.
 */
public final class FakeNodeContext implements NodeContext {

  public static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern REF = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*}}");

  private final NodeSpec node;
  private final Map<String, Object> values;
  private final Caller caller;
  private Duration timeLeft = Duration.ofSeconds(30);
  private final List<String> emitted = new ArrayList<>();

  public FakeNodeContext(String type, String configJson, Map<String, Object> values, Caller caller) {
    this.node = new NodeSpec("n1", type, type, JSON.readTree(configJson), null, null);
    this.values = values;
    this.caller = caller;
  }

  public static Caller user(long userId, long tenantId) {
    return new Caller(userId, "tester", "测试", tenantId, tenantId, Set.of("developer"),
        Set.of("agent:read", "agent:write", "agent:invoke"), Caller.AuthType.USER, null, null, null, "127.0.0.1",
        false);
  }

  public FakeNodeContext timeLeft(Duration left) {
    this.timeLeft = left;
    return this;
  }

  @Override
  public NodeSpec node() {
    return node;
  }

  @Override
  public RunInfo run() {
    throw new UnsupportedOperationException("not needed by executor tests");
  }

  @Override
  public Caller caller() {
    return caller;
  }

  @Override
  public Object value(String selector) {
    Object current = values;
    for (String part : selector.split("\\.")) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(part);
      } else if (current instanceof List<?> list && part.matches("\\d+")) {
        int i = Integer.parseInt(part);
        current = i < list.size() ? list.get(i) : null;
      } else {
        return null;
      }
    }
    return current;
  }

  @Override
  public String render(String template) {
    Matcher m = REF.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object v = value(m.group(1));
      String text = v == null ? "" : v instanceof Map || v instanceof List ? JSON.writeValueAsString(v)
          : String.valueOf(v);
      m.appendReplacement(out, Matcher.quoteReplacement(text));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public Object resolve(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isString()) {
      String s = value.asString();
      Matcher m = REF.matcher(s.strip());
      return m.matches() ? value(m.group(1)) : render(s);
    }
    if (value.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      value.properties().forEach(e -> out.put(e.getKey(), resolve(e.getValue())));
      return out;
    }
    if (value.isArray()) {
      List<Object> out = new ArrayList<>();
      value.valueStream().forEach(v -> out.add(resolve(v)));
      return out;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isNumber()) {
      return value.numberValue();
    }
    return value.asString();
  }

  @Override
  public void emit(String delta) {
    emitted.add(delta);
  }

  @Override
  public Duration timeLeft() {
    return timeLeft;
  }

  @Override
  public boolean cancelled() {
    return false;
  }

  @Override
  public SubgraphResult runBody(String bodyOwnerId, Map<String, Object> scope) {
    throw new UnsupportedOperationException("no loop bodies here");
  }
}
