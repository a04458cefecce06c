package io.jingzhi.agent.definition;

import tools.jackson.databind.node.ObjectNode;

/**
 * One step of the format upgrade chain: turns a definition document written in format {@link #from()} into format
 * {@link #to()}. Steps work on the raw document (before it is bound to the records), so a step may read fields the
 * current records no longer have. {@link DefinitionReader} chains steps by their {@code from} format until the
 * document is in {@link WorkflowDefinition#CURRENT_FORMAT}.
 */
public interface FormatUpgrade {

  /** The format this step reads. */
  String from();

  /** The format this step writes; the next step is the one whose {@link #from()} equals it. */
  String to();

  /** Upgrades the document in place or into a new node; the answer's {@code format} must be {@link #to()}. */
  ObjectNode upgrade(ObjectNode document);
}
