package io.jingzhi.server.agent.app;

import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.agent.engine.WorkflowEngine;
import org.springframework.context.ApplicationContext;

/**
 * Whether this build has a workflow engine that validates. The apps feature stores definitions unchecked until
 * the engine is assembled with it; the tests of the engine's refusals run only once it is.
 */
final class EngineProbe {

  private EngineProbe() {}

  static boolean validates(ApplicationContext context) {
    WorkflowEngine engine = context.getBeanProvider(WorkflowEngine.class).getIfAvailable();
    if (engine == null) {
      return false;
    }
    try {
      engine.validate(new WorkflowDefinition(WorkflowDefinition.CURRENT_FORMAT, null, null, null, null));
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }
}
