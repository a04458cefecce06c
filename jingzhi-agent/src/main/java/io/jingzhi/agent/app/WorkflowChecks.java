package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.agent.engine.WorkflowEngine;
import io.jingzhi.common.error.FieldError;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Asks the workflow engine what is wrong with a definition, and refuses it with 422 {@code workflow.invalid}. */
@Component
public class WorkflowChecks {

  private static final Logger log = LoggerFactory.getLogger(WorkflowChecks.class);

  private final ObjectProvider<WorkflowEngine> engine;

  public WorkflowChecks(ObjectProvider<WorkflowEngine> engine) {
    this.engine = engine;
  }

  /** Every problem of the definition; empty when it can run. */
  public List<FieldError> problems(WorkflowDefinition definition) {
    WorkflowEngine e = engine.getIfAvailable();
    if (e == null) {
      // Only while the module is assembled without its engine (branches merged one by one): store unchecked.
      log.warn("No workflow engine in this build: definitions are stored without validation");
      return List.of();
    }
    try {
      return e.validate(definition);
    } catch (UnsupportedOperationException notBuilt) {
      log.warn("The workflow engine cannot validate yet: definitions are stored without validation");
      return List.of();
    }
  }

  /** Refuses a definition that has problems. */
  public void require(WorkflowDefinition definition) {
    refuseIfAny(problems(definition));
  }

  public static void refuseIfAny(List<FieldError> problems) {
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
  }

  public static AgentException invalid(List<FieldError> problems) {
    String first = problems.getFirst().field() + ": " + problems.getFirst().message();
    String detail = problems.size() == 1 ? "The workflow is invalid: " + first
        : "The workflow has " + problems.size() + " problems, the first: " + first;
    return new AgentException(HttpStatus.UNPROCESSABLE_CONTENT, "workflow.invalid", detail, problems);
  }
}
