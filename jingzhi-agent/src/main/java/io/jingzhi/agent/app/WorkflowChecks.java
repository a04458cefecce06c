package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.agent.engine.WorkflowEngine;
import io.jingzhi.common.error.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Asks the workflow engine what is wrong with a definition, and refuses it with 422 {@code workflow.invalid}. */
@Component
public class WorkflowChecks {

  private final WorkflowEngine engine;

  public WorkflowChecks(WorkflowEngine engine) {
    this.engine = engine;
  }

  /**
   * Every problem of the definition of the app {@code appCode} (null for a definition not yet tied to an app);
   * empty when it can run. The code lets nodes refuse calling their own app.
   */
  public List<FieldError> problems(WorkflowDefinition definition, String appCode) {
    return engine.validate(definition, appCode);
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
