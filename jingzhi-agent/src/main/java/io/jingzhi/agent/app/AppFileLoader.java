package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.iam.api.ProjectDirectory.ProjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Loads app files declared outside the API (the bootstrap file's {@code apps_definitions}): creates a missing app,
 * refreshes the draft and catalog facts when the file differs, publishes when asked and the published version
 * differs. Loading the same file again changes nothing.
 */
@Service
public class AppFileLoader {

  private final AppRepository apps;
  private final AppVersions versions;
  private final AppService service;
  private final DraftService drafts;
  private final DefinitionCodec codec;
  private final EnvironmentSecrets secrets;
  private final WorkflowChecks checks;
  private final java.time.Clock clock;

  public AppFileLoader(AppRepository apps, AppVersions versions, AppService service, DraftService drafts,
      DefinitionCodec codec, EnvironmentSecrets secrets, WorkflowChecks checks, java.time.Clock clock) {
    this.apps = apps;
    this.versions = versions;
    this.service = service;
    this.drafts = drafts;
    this.codec = codec;
    this.secrets = secrets;
    this.checks = checks;
    this.clock = clock;
  }

  /**
   * Every problem of the file's content as the app {@code code}: unreadable fields, then the engine's findings by
   * node and field.
   */
  public List<FieldError> check(AppFile file, String code) {
    try {
      return checks.problems(content(file).definition(), code);
    } catch (AgentException e) {
      return e.fieldErrors().isEmpty() ? List.of(new FieldError("app", e.getMessage())) : e.fieldErrors();
    }
  }

  /** Brings the app {@code code} in line with the file; answers the changes made (empty when none). */
  public List<String> load(AppFile file, String code, ProjectRef project, long userId) {
    AppContent content = content(file);
    List<String> changes = new ArrayList<>();
    App app = apps.findByCode(code).orElse(null);
    if (app == null) {
      app = service.insert(userId, code, file.name(), file.type(), file.description(), file.tags(), file.icon(),
          file.sharing(), project, drafts.seal(null, content));
      changes.add("app " + code + " created");
    } else {
      if (app.projectId() != project.id() || !app.type().equals(file.type())) {
        throw new AgentException(HttpStatus.CONFLICT, "app.code_taken", "The app " + code + " exists as a "
            + app.type() + " of project " + app.project() + "; the file declares a " + file.type() + " of "
            + project.code());
      }
      AppContent draft = drafts.content(versions.find(app.id(), AppVersion.DRAFT).orElseThrow());
      if (!same(draft, content)) {
        drafts.store(app.id(), drafts.seal(app.id(), content), clock.instant());
        changes.add("draft of app " + code + " updated");
      }
      String sharing = file.sharing() == null ? app.sharing() : file.sharing();
      if (!Objects.equals(app.name(), file.name()) || !Objects.equals(app.description(), file.description())
          || !Objects.equals(app.tags(), file.tags()) || !Objects.equals(app.icon(), file.icon())
          || !Objects.equals(app.sharing(), sharing)) {
        apps.update(app.id(), file.name(), file.description(), file.tags(), file.icon(), sharing,
            clock.instant());
        changes.add("app " + code + " updated (name, description, tags, icon or sharing)");
      }
    }
    if (file.publish()) {
      App current = apps.findByCode(code).orElseThrow();
      boolean stale = !current.published() || !same(drafts.content(versions.find(current.id(),
          current.publishedVersion()).orElseThrow()), content);
      if (stale) {
        int v = drafts.publishDraft(current, userId, "bootstrap");
        changes.add("app " + code + " published as version " + v);
      }
    }
    return changes;
  }

  private AppContent content(AppFile file) {
    return drafts.parse(file.type(), new DraftService.DraftBody(file.definition(), file.assistant()));
  }

  /** Same definition and form, secrets compared decrypted. */
  private boolean same(AppContent stored, AppContent given) {
    return codec.tree(secrets.opened(stored.definition())).equals(codec.tree(given.definition()))
        && Objects.equals(stored.assistant() == null ? null : codec.tree(stored.assistant()),
            given.assistant() == null ? null : codec.tree(given.assistant()));
  }
}
