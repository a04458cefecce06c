package io.jingzhi.agent.app;

import io.jingzhi.agent.assistant.AssistantConfig;
import io.jingzhi.agent.definition.WorkflowDefinition;

/**
 * What a version holds: the definition the engine runs and, for an assistant, the form it was compiled from.
 *
 * @param definition secrets sealed as stored (or masked/stripped as shown)
 */
public record AppContent(WorkflowDefinition definition, AssistantConfig assistant) {

  public String format() {
    return definition.format() == null ? WorkflowDefinition.CURRENT_FORMAT : definition.format();
  }
}
