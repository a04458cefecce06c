package io.jingzhi.agent.node.model;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.RunInfo;
import io.jingzhi.iam.api.Caller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small NodeContext for executor tests: values by selector, templates rendered the engine's way. */
final class FakeNodeContext implements NodeContext {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Caller CALLER = new Caller(7, "dev", "开发者", 3, 3, Set.of("developer"), Set.of("model:invoke"),
      Caller.AuthType.USER, null, null, null, "127.0.0.1", false);
  private static final Pattern REF = Pattern.compile("\\{\\{\\s*([a-zA-Z0-9_.#]+)\\s*}}");

  final NodeSpec node;
  final Map<String, Object> values = new HashMap<>();
  final List<String> emitted = new ArrayList<>();
  RunInfo run = new RunInfo(1, "app", 1, CALLER, null, null, List.of(), 0);
  boolean cancelled;

  FakeNodeContext(String type, String configJson) {
    this.node = new NodeSpec("n1", type, type, JSON.readTree(configJson), null, null);
  }

  FakeNodeContext with(String selector, Object value) {
    values.put(selector, value);
    return this;
  }

  @Override
  public NodeSpec node() {
    return node;
  }

  @Override
  public RunInfo run() {
    return run;
  }

  @Override
  public Object value(String selector) {
    return values.get(selector);
  }

  @Override
  public String render(String template) {
    Matcher m = REF.matcher(template);
    StringBuilder s = new StringBuilder();
    while (m.find()) {
      Object v = values.get(m.group(1));
      String text = v == null ? "" : v instanceof String str ? str : JSON.writeValueAsString(v);
      m.appendReplacement(s, Matcher.quoteReplacement(text));
    }
    m.appendTail(s);
    return s.toString();
  }

  @Override
  public Object resolve(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isString()) {
      Matcher m = REF.matcher(value.asString());
      if (m.matches()) {
        return values.get(m.group(1));
      }
      return render(value.asString());
    }
    if (value.isArray()) {
      List<Object> out = new ArrayList<>();
      value.forEach(v -> out.add(resolve(v)));
      return out;
    }
    if (value.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      value.properties().forEach(e -> out.put(e.getKey(), resolve(e.getValue())));
      return out;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.isIntegralNumber() ? (Object) value.asLong() : (Object) value.asDouble();
  }

  @Override
  public void emit(String delta) {
    emitted.add(delta);
  }

  @Override
  public Duration timeLeft() {
    return Duration.ofSeconds(60);
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public SubgraphResult runBody(String bodyOwnerId, Map<String, Object> scope) {
    throw new UnsupportedOperationException();
  }
}
