package io.jingzhi.agent.definition;

import java.util.List;

/**
 * A workflow as stored, exported and run: the documented, versioned format of docs/agent-workflow.md. Both app
 * types run on it; a form-configured assistant is compiled into one. JSON and YAML read the same (snake_case).
 *
 * @param format the format version, {@code jingzhi-workflow/1}; older formats are upgraded when read so old app
 *     versions keep running
 * @param environment environment variables ({@code {{env.NAME}}}); values of type {@code secret} are stored
 *     encrypted and never exported in clear
 * @param conversationVariables variables kept across the turns of one conversation ({@code {{conv.name}}}), written
 *     by the variable assigner node
 * @param nodes the nodes; ids are unique, {@code [a-z][a-z0-9_]*}, and exactly one has type {@code start}
 * @param edges directed connections; the graph is acyclic (loops are loop nodes with a body)
 */
public record WorkflowDefinition(
    String format,
    List<VariableSpec> environment,
    List<VariableSpec> conversationVariables,
    List<NodeSpec> nodes,
    List<EdgeSpec> edges) {

  /** The format this code writes. */
  public static final String CURRENT_FORMAT = "jingzhi-workflow/1";

  public WorkflowDefinition {
    environment = environment == null ? List.of() : List.copyOf(environment);
    conversationVariables = conversationVariables == null ? List.of() : List.copyOf(conversationVariables);
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    edges = edges == null ? List.of() : List.copyOf(edges);
  }
}
