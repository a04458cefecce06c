package io.jingzhi.agent.engine;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.WorkflowDefinition;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Builds the {@link CompiledDefinition} of a definition that passed validation. */
final class Compiler {

  private final Map<String, NodeExecutor> executors;
  private final long defaultTimeoutMs;

  Compiler(Map<String, NodeExecutor> executors, long defaultTimeoutMs) {
    this.executors = executors;
    this.defaultTimeoutMs = defaultTimeoutMs;
  }

  CompiledDefinition compile(WorkflowDefinition definition) {
    Map<String, Graph> bodies = new HashMap<>();
    Graph root = graph(null, definition.nodes(), definition.edges(), bodies);
    CompiledDefinition compiled = new CompiledDefinition(definition, root, bodies);
    warm(compiled, root);
    bodies.values().forEach(b -> warm(compiled, b));
    return compiled;
  }

  private Graph graph(String owner, List<NodeSpec> nodes, List<io.jingzhi.agent.definition.EdgeSpec> edges,
      Map<String, Graph> bodies) {
    Topology topology = new Topology(nodes, edges);
    NodePlan[] plans = new NodePlan[nodes.size()];
    BitSet branching = new BitSet(nodes.size());
    for (int i = 0; i < plans.length; i++) {
      NodeSpec node = nodes.get(i);
      plans[i] = new NodePlan(i, node, executors.get(node.type()), defaultTimeoutMs);
      if (plans[i].branching || plans[i].errorBranch()) {
        branching.set(i);
      }
      if (Bodies.hasBody(node)) {
        Bodies.Body body = Bodies.of(node);
        bodies.put(node.id(), graph(node.id(), body.nodes(), body.edges(), bodies));
      }
    }
    AnswerPlan[] answers = new AnswerPlan[nodes.size()];
    for (int i = 0; i < plans.length; i++) {
      if ("answer".equals(plans[i].type())) {
        answers[i] = answerPlan(topology, i, branching);
      }
    }
    return new Graph(owner, topology, plans, answers);
  }

  private static AnswerPlan answerPlan(Topology topology, int node, BitSet branching) {
    JsonNode text = topology.nodes.get(node).config() == null ? null : topology.nodes.get(node).config().get("text");
    Template template = Template.parse(text == null || text.isNull() ? "" : text.asString());
    BitSet ancestors = topology.ancestors(node);
    int[] sources = new int[template.segments().size()];
    for (int s = 0; s < sources.length; s++) {
      Selector sel = template.segments().get(s).selector();
      Integer src = sel == null || sel.path().length != 1 || !"text".equals(sel.path()[0]) ? null
          : topology.index.get(sel.head());
      sources[s] = src != null && ancestors.get(src) ? src : -1;
    }
    BitSet gates = (BitSet) ancestors.clone();
    gates.and(branching);
    return new AnswerPlan(template, sources, gates);
  }

  /** Parses every config string now, so running nodes find their templates ready. */
  private static void warm(CompiledDefinition compiled, Graph graph) {
    for (NodePlan plan : graph.plans) {
      JsonNode config = plan.spec.config();
      if (config != null) {
        config.properties().forEach(e -> {
          if (!(Bodies.hasBody(plan.spec) && "body".equals(e.getKey()))) {
            warm(compiled, e.getValue());
          }
        });
      }
    }
  }

  private static void warm(CompiledDefinition compiled, JsonNode value) {
    if (value.isString()) {
      Template t = compiled.template(value.asString());
      if (!t.hasReferences()) {
        compiled.selector(value.asString());
      }
    } else if (value.isContainer()) {
      value.forEach(v -> warm(compiled, v));
    }
  }
}
