package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.definition.VariableSpec;
import io.jingzhi.agent.definition.WorkflowDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A validated definition with its graphs, executors and parsed templates: built once, run many times by many
 * threads. Templates met at run time that were not in the config (an executor rendering its own text) are parsed
 * once and cached here.
 */
final class CompiledDefinition implements WorkflowEngine.CompiledWorkflow {

  private static final int CACHE_LIMIT = 10_000;

  final WorkflowDefinition definition;
  final Graph root;
  final Map<String, Graph> bodies;
  final Set<String> secretEnvironment;
  private final Map<String, Template> templates = new ConcurrentHashMap<>();
  private final Map<String, Selector> selectors = new ConcurrentHashMap<>();

  CompiledDefinition(WorkflowDefinition definition, Graph root, Map<String, Graph> bodies) {
    this.definition = definition;
    this.root = root;
    this.bodies = Map.copyOf(bodies);
    this.secretEnvironment = definition.environment().stream().filter(v -> v.type() == VarType.SECRET)
        .map(VariableSpec::name).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public WorkflowDefinition definition() {
    return definition;
  }

  Template template(String text) {
    Template t = templates.get(text);
    if (t == null) {
      t = Template.parse(text);
      if (templates.size() < CACHE_LIMIT) {
        templates.put(text, t);
      }
    }
    return t;
  }

  Selector selector(String text) {
    Selector s = selectors.get(text);
    if (s == null) {
      s = Selector.parse(text);
      if (s != null && selectors.size() < CACHE_LIMIT) {
        selectors.put(text, s);
      }
    }
    return s;
  }

  /** The conversation variables' defaults overlaid with the values of the previous turn. */
  Map<String, Object> conversation(Map<String, Object> previous) {
    Map<String, Object> conversation = new LinkedHashMap<>();
    for (VariableSpec v : definition.conversationVariables()) {
      conversation.put(v.name(), previous.containsKey(v.name()) ? previous.get(v.name()) : v.value());
    }
    return conversation;
  }
}
