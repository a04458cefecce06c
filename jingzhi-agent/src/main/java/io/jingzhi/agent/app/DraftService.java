package io.jingzhi.agent.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.assistant.AssistantChecks;
import io.jingzhi.agent.assistant.AssistantCompiler;
import io.jingzhi.agent.assistant.AssistantConfig;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The draft of an app and its published versions: the draft is checked by the engine at every save and again when
 * published; a published version is frozen; any version can be restored into the draft.
 */
@Service
public class DraftService {

  private final AppAccess access;
  private final AppRepository apps;
  private final AppVersions versions;
  private final DefinitionCodec codec;
  private final EnvironmentSecrets secrets;
  private final WorkflowChecks checks;
  private final AuditLog audit;
  private final Clock clock;

  public DraftService(AppAccess access, AppRepository apps, AppVersions versions, DefinitionCodec codec,
      EnvironmentSecrets secrets, WorkflowChecks checks, AuditLog audit, Clock clock) {
    this.access = access;
    this.apps = apps;
    this.versions = versions;
    this.codec = codec;
    this.secrets = secrets;
    this.checks = checks;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * A version as the API shows it; secrets masked. Version 0 is the draft. {@code definition} (a
   * {@link WorkflowDefinition}) and {@code assistant} (an {@link AssistantConfig}) are declared {@code Object}: the
   * OpenAPI document describes them as any JSON (docs/agent-workflow.md is their schema).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VersionView(int version, String format, Object definition, Object assistant,
      String note, String publisher, Instant publishedAt, Instant updatedAt) {}

  /** The answer of a check without saving. */
  public record Check(boolean valid, List<FieldError> errors) {}

  /** The body of a draft save or check: the definition of a workflow, the form of an assistant (any JSON). */
  public record DraftBody(Object definition, Object assistant) {}

  public VersionView draft(Caller caller, String code) {
    App app = access.writable(caller, code);
    return view(versions.find(app.id(), AppVersion.DRAFT).orElseThrow(() -> noDraft(code)), false);
  }

  @Transactional
  public VersionView saveDraft(Caller caller, String code, DraftBody body) {
    App app = access.writable(caller, code);
    AppContent content = parse(app.type(), body);
    WorkflowChecks.refuseIfAny(checks.problems(content.definition(), app.code()));
    AppContent sealed = seal(app.id(), content);
    store(app.id(), sealed, clock.instant());
    audit.record(AuditRecord.success(caller, "agent.app.draft", "agent_app", app.id(), app.code(), null,
        summary(sealed)));
    return view(versions.find(app.id(), AppVersion.DRAFT).orElseThrow(), false);
  }

  public Check check(Caller caller, String code, DraftBody body) {
    App app = access.writable(caller, code);
    try {
      List<FieldError> problems = checks.problems(parse(app.type(), body).definition(), app.code());
      return new Check(problems.isEmpty(), problems);
    } catch (AgentException e) {
      if (e.status() == HttpStatus.UNPROCESSABLE_CONTENT) {
        return new Check(false, e.fieldErrors());
      }
      throw e;
    }
  }

  @Transactional
  public VersionView publish(Caller caller, String code, String note) {
    App app = access.writable(caller, code);
    if (note != null && note.length() > 2000) {
      throw io.jingzhi.common.error.ApiException.invalid("note", "at most 2000 characters");
    }
    int version = publishDraft(app, caller.userId(), note);
    audit.record(AuditRecord.success(caller, "agent.app.publish", "agent_app", app.id(), app.code(), null,
        codec.write(Map.of("version", version, "note", note == null ? "" : note))));
    return view(versions.find(app.id(), version).orElseThrow(), true);
  }

  /** Freezes the draft as the next version after checking it again; answers the version number. */
  int publishDraft(App app, long by, String note) {
    AppVersion draft = versions.find(app.id(), AppVersion.DRAFT).orElseThrow(() -> noDraft(app.code()));
    WorkflowChecks.refuseIfAny(checks.problems(codec.definition(draft.definition()), app.code()));
    Instant now = clock.instant();
    int version = versions.publish(app.id(), draft.format(), draft.definition(), draft.assistant(), note, by, now);
    apps.published(app.id(), version, by, now);
    return version;
  }

  public List<VersionView> versions(Caller caller, String code) {
    App app = access.writable(caller, code);
    return versions.published(app.id()).stream().map(v -> new VersionView(v.version(), v.format(), null, null,
        v.note(), v.publisher(), v.publishedAt(), v.updatedAt())).toList();
  }

  public VersionView version(Caller caller, String code, int version) {
    App app = access.writable(caller, code);
    return view(found(app, version), true);
  }

  @Transactional
  public VersionView restore(Caller caller, String code, int version) {
    App app = access.writable(caller, code);
    AppVersion from = found(app, version);
    versions.saveDraft(app.id(), from.format(), from.definition(), from.assistant(), clock.instant());
    apps.draftChanged(app.id(), clock.instant());
    audit.record(AuditRecord.success(caller, "agent.app.restore", "agent_app", app.id(), app.code(), null,
        codec.write(Map.of("restored_version", version))));
    return view(versions.find(app.id(), AppVersion.DRAFT).orElseThrow(), false);
  }

  /** The content of a draft save, an import or a copy, parsed for the app's type (422 when unreadable). */
  public AppContent parse(String type, DraftBody body) {
    if (App.ASSISTANT.equals(type)) {
      AssistantConfig assistant = codec.assistant(tree(body.assistant()), "assistant");
      List<FieldError> problems = AssistantChecks.check(assistant);
      WorkflowChecks.refuseIfAny(problems);
      return new AppContent(AssistantCompiler.compile(assistant), assistant);
    }
    if (body.definition() == null && body.assistant() != null) {
      throw WorkflowChecks.invalid(List.of(new FieldError("definition",
          "a workflow app takes a definition, not an assistant form")));
    }
    return new AppContent(codec.definition(tree(body.definition()), "definition"), null);
  }

  private JsonNode tree(Object json) {
    return json == null ? null : json instanceof JsonNode node ? node : codec.tree(json);
  }

  /** The empty draft of a new app. */
  static AppContent empty(String type) {
    if (App.ASSISTANT.equals(type)) {
      AssistantConfig blank = new AssistantConfig(null, "", null, List.of(), null, List.of(), null, null);
      return new AppContent(AssistantCompiler.compile(blank), blank);
    }
    var f = tools.jackson.databind.node.JsonNodeFactory.instance;
    var start = f.objectNode();
    start.putArray("inputs");
    var answer = f.objectNode().put("text", "{{sys.query}}");
    return new AppContent(new WorkflowDefinition(WorkflowDefinition.CURRENT_FORMAT, List.of(), List.of(), List.of(
        new io.jingzhi.agent.definition.NodeSpec("start", "start", "开始", start, null, null),
        new io.jingzhi.agent.definition.NodeSpec("answer", "answer", "回复", answer, null, null)), List.of(
        new io.jingzhi.agent.definition.EdgeSpec(null, "start", null, "answer"))), null);
  }

  /** The content with its secrets sealed against the stored draft of the app (none for a new app). */
  AppContent seal(Long appId, AppContent content) {
    WorkflowDefinition stored = appId == null ? null : versions.find(appId, AppVersion.DRAFT)
        .map(v -> codec.definition(v.definition())).orElse(null);
    return new AppContent(secrets.seal(content.definition(), stored), content.assistant());
  }

  /** Writes sealed content as the draft. */
  void store(long appId, AppContent sealed, Instant now) {
    versions.saveDraft(appId, sealed.format(), codec.write(sealed.definition()),
        sealed.assistant() == null ? null : codec.write(sealed.assistant()), now);
    apps.draftChanged(appId, now);
  }

  /** A stored version read back: definition (formats upgraded) and assistant form. */
  public AppContent content(AppVersion v) {
    return new AppContent(codec.definition(v.definition()), codec.assistant(v.assistant()));
  }

  private VersionView view(AppVersion v, boolean published) {
    AppContent c = content(v);
    return new VersionView(v.version(), v.format(), secrets.mask(c.definition()), c.assistant(),
        published ? v.note() : null, v.publisher(), v.publishedAt(), v.updatedAt());
  }

  private AppVersion found(App app, int version) {
    if (version < 1) {
      throw io.jingzhi.common.error.ApiException.notFound("app_version", version);
    }
    return versions.find(app.id(), version)
        .orElseThrow(() -> io.jingzhi.common.error.ApiException.notFound("app_version", version));
  }

  private String summary(AppContent c) {
    return codec.write(Map.of("format", c.format(), "nodes", c.definition().nodes().size(),
        "edges", c.definition().edges().size()));
  }

  private static AgentException noDraft(String code) {
    return new AgentException(HttpStatus.NOT_FOUND, "app.no_draft", "App " + code + " has no draft");
  }
}
