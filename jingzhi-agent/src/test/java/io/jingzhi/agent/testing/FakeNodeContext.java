package io.jingzhi.agent.testing;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.RunInfo;
import io.jingzhi.agent.engine.Values;
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
 * The one {@link NodeContext} of executor tests (this module's and, through the test jar, the server's), standing
 * in for the engine. A selector is looked up as a whole key of the values first ({@code with("sys.query", ...)}),
 * then by dotted path through nested maps and lists ({@code Map.of("start", Map.of("a", 4))}); a string that is
 * exactly one {@code {{selector}}} keeps the value's type, and numbers resolve as the engine's do
 * ({@link Values#plain}).
 */
public final class FakeNodeContext implements NodeContext {

  public static final JsonMapper JSON = JsonMapper.builder().build();
  /** A developer of tenant 3 who may invoke models. */
  public static final Caller CALLER = new Caller(7, "dev", "开发者", 3, 3, Set.of("developer"),
      Set.of("model:invoke"), Caller.AuthType.USER, null, null, null, "127.0.0.1", false);
  private static final Pattern REF = Pattern.compile("\\{\\{\\s*([^{}\\s]+)\\s*}}");

  private final NodeSpec node;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final List<String> emitted = new ArrayList<>();
  private RunInfo run;
  private Duration timeLeft = Duration.ofSeconds(30);
  private boolean cancelled;

  /** A node {@code n1} of the type with the config, run by {@link #CALLER}, no values yet. */
  public FakeNodeContext(String type, String configJson) {
    this(type, configJson, Map.of(), CALLER);
  }

  /** A node {@code n1} of the type with the config, the values and the caller. */
  public FakeNodeContext(String type, String configJson, Map<String, ?> values, Caller caller) {
    this(new NodeSpec("n1", type, type, JSON.readTree(configJson), null, null), values, caller);
  }

  public FakeNodeContext(NodeSpec node, Map<String, ?> values, Caller caller) {
    this.node = node;
    this.values.putAll(values);
    this.run = new RunInfo(1, "app", 1, caller, null, null, List.of(), 0);
  }

  /** A user with the agent permissions in a tenant of its own. */
  public static Caller user(long userId, long tenantId) {
    return new Caller(userId, "tester", "测试", tenantId, tenantId, Set.of("developer"),
        Set.of("agent:read", "agent:write", "agent:invoke"), Caller.AuthType.USER, null, null, null, "127.0.0.1",
        false);
  }

  /** Sets the value of a selector. */
  public FakeNodeContext with(String selector, Object value) {
    values.put(selector, value);
    return this;
  }

  public FakeNodeContext run(RunInfo run) {
    this.run = run;
    return this;
  }

  public FakeNodeContext timeLeft(Duration left) {
    this.timeLeft = left;
    return this;
  }

  /** Marks the run cancelled, as a client gone or a stop would. */
  public FakeNodeContext cancel() {
    this.cancelled = true;
    return this;
  }

  /** What the node streamed through {@link #emit}, in order. */
  public List<String> emitted() {
    return emitted;
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
    if (values.containsKey(selector)) {
      return values.get(selector);
    }
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
    return Values.plain(value);
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
    return cancelled;
  }

  @Override
  public SubgraphResult runBody(String bodyOwnerId, Map<String, Object> scope) {
    throw new UnsupportedOperationException("no loop bodies here");
  }
}
