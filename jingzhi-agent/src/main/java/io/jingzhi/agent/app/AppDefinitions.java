package io.jingzhi.agent.app;

import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.iam.api.Caller;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * What the run side needs of apps: an app with the definition to run, checked for the caller, and the apps a
 * caller may use (for {@code /v1/models}).
 *
 * <p>Contract skeleton: the apps work of issue #6 fills it in.
 */
@Service
public class AppDefinitions {

  /**
   * An app resolved for running.
   *
   * @param version the version number; 0 for the draft
   * @param environment the environment variables with secrets decrypted
   */
  public record RunnableApp(long appId, String code, String name, String type, long projectId, long orgId,
      long tenantId, int version, WorkflowDefinition definition, Map<String, Object> environment) {}

  /** An app as listed for a caller. */
  public record UsableApp(long appId, String code, String name, String type, String description) {}

  /**
   * The app to run: {@code version} null means the latest published version (404 {@code app.not_published} when
   * there is none), 0 means the draft (only for callers who may edit the app), n a published version. Refuses
   * with 404 an app of another tenant the caller may not see, 403 {@code app.forbidden} an API key whose scopes
   * do not include {@code app/<code>}.
   */
  public RunnableApp runnable(Caller caller, String code, Integer version) {
    throw new UnsupportedOperationException("apps not built yet");
  }

  /** Published apps the caller may run. */
  public List<UsableApp> usable(Caller caller) {
    return List.of();
  }

  /** Counts one use of the app (a run started) for the catalog. */
  public void used(long appId) {}
}
