package io.jingzhi.agent.app;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.ProjectDirectory.ProjectRef;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, changes, deletes and copies apps, and keeps the caller's favourites; every change is audited. */
@Service
public class AppService {

  /** Codes that would shadow the fixed paths under {@code /apps}. */
  static final Set<String> RESERVED = Set.of("draft", "import");

  private final AppAccess access;
  private final AppRepository apps;
  private final AppVersions versions;
  private final DraftService drafts;
  private final DefinitionCodec codec;
  private final EnvironmentSecrets secrets;
  private final WorkflowChecks checks;
  private final AuditLog audit;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  public AppService(AppAccess access, AppRepository apps, AppVersions versions, DraftService drafts,
      DefinitionCodec codec, EnvironmentSecrets secrets, WorkflowChecks checks, AuditLog audit, Clock clock,
      ApplicationEventPublisher events) {
    this.events = events;
    this.access = access;
    this.apps = apps;
    this.versions = versions;
    this.drafts = drafts;
    this.codec = codec;
    this.secrets = secrets;
    this.checks = checks;
    this.audit = audit;
    this.clock = clock;
  }

  /** One app for a signed-in reader; counts a view. */
  @Transactional
  public App get(Caller caller, String code) {
    App app = access.readable(caller, code);
    apps.count(app.id(), AppRepository.Counter.VIEWS);
    return fresh(caller, app.id());
  }

  @Transactional
  public App create(Caller caller, AppInput in) {
    ProjectRef project = access.writableProject(caller, in.project());
    AppContent content = in.assistant() == null && in.definition() == null ? DraftService.empty(in.type())
        : checked(in.code(), in.type(), in.definition(), in.assistant());
    App created = insert(caller.userId(), in.code(), in.name().strip(), in.type(), in.description(), in.tags(),
        in.icon(), in.sharing(), project, drafts.seal(null, content));
    audit.record(AuditRecord.success(caller, "agent.app.create", "agent_app", created.id(), created.code(), null,
        summary(created)));
    return fresh(caller, created.id());
  }

  @Transactional
  public App update(Caller caller, String code, AppPatch p) {
    App before = access.writable(caller, code);
    apps.update(before.id(), p.name() == null ? before.name() : p.name().strip(),
        p.description() == null ? before.description() : p.description(),
        p.tags() == null ? before.tags() : tags(p.tags()), p.icon() == null ? before.icon() : p.icon(),
        p.sharing() == null ? before.sharing() : p.sharing(), clock.instant());
    App after = fresh(caller, before.id());
    audit.record(AuditRecord.success(caller, "agent.app.update", "agent_app", after.id(), after.code(),
        summary(before), summary(after)));
    return after;
  }

  @Transactional
  public void delete(Caller caller, String code) {
    App app = access.writable(caller, code);
    apps.delete(app.id());
    events.publishEvent(new AppDeleted(app.id(), app.code()));
    audit.record(AuditRecord.success(caller, "agent.app.delete", "agent_app", app.id(), app.code(), summary(app),
        null));
  }

  /** What a copy is called and where it goes. */
  public record CopyRequest(String code, String name, String project) {}

  /**
   * A new app in a project the caller may build in, with the source's latest published version as its draft (the
   * draft when nothing is published and the caller may edit the source). Secret values are not copied.
   */
  @Transactional
  public App copy(Caller caller, String sourceCode, CopyRequest r) {
    App source = access.readable(caller, sourceCode);
    ProjectRef project = access.writableProject(caller, r.project());
    AppVersion from;
    if (source.published()) {
      from = versions.find(source.id(), source.publishedVersion()).orElseThrow();
    } else if (access.mayEdit(caller, source)) {
      from = versions.find(source.id(), AppVersion.DRAFT).orElseThrow();
    } else {
      throw AppAccess.notFound(sourceCode);
    }
    AppContent content = drafts.content(from);
    AppContent stripped = new AppContent(secrets.strip(content.definition()), content.assistant());
    String name = r.name() == null || r.name().isBlank() ? source.name() : r.name().strip();
    App copy = insert(caller.userId(), r.code(), name, source.type(), source.description(), source.tags(),
        source.icon(), "private", project, stripped);
    apps.count(source.id(), AppRepository.Counter.COPIES);
    audit.record(AuditRecord.success(caller, "agent.app.copy", "agent_app", copy.id(), copy.code(), null,
        codec.write(Map.of("source", source.code(), "source_version", from.version(), "app", summary(copy)))));
    return fresh(caller, copy.id());
  }

  @Transactional
  public void favourite(Caller caller, String code, boolean on) {
    App app = access.readable(caller, code);
    boolean changed = on ? apps.favourite(app.id(), caller.userId(), clock.instant())
        : apps.unfavourite(app.id(), caller.userId());
    if (changed) {
      audit.record(AuditRecord.success(caller, on ? "agent.app.favourite" : "agent.app.unfavourite", "agent_app",
          app.id(), app.code(), null, null));
    }
  }

  /**
   * Stores a new app with its draft: the code must be free (409 {@code app.code_taken}); no permission check (the
   * callers checked the project), so imports and the bootstrap use it too.
   */
  App insert(long userId, String code, String name, String type, String description, List<String> tags,
      String icon, String sharing, ProjectRef project, AppContent sealed) {
    if (code == null || !code.matches(AppInput.CODE)) {
      throw ApiException.invalid("code", "lowercase letters, digits and -, starting with a letter (2 to 64)");
    }
    if (RESERVED.contains(code)) {
      throw ApiException.invalid("code", "'" + code + "' is reserved");
    }
    if (apps.findByCode(code).isPresent()) {
      throw ApiException.conflict("app.code_taken", "An app with the code " + code + " exists");
    }
    Instant now = clock.instant();
    long id = apps.insert(new AppRepository.NewApp(code, name, type, description, tags(tags), icon,
        project.id(), project.orgId(), project.tenantId(), sharing == null ? "private" : sharing, userId), now);
    drafts.store(id, sealed, now);
    return apps.find(id).orElseThrow();
  }

  /** Content given on create or import, parsed and checked by the engine (422 with the field errors). */
  AppContent checked(String code, String type, Object definition, Object assistant) {
    AppContent content = drafts.parse(type, new DraftService.DraftBody(definition, assistant));
    WorkflowChecks.refuseIfAny(checks.problems(content.definition(), code));
    return content;
  }

  /** The app as the caller sees it, without counting a view. */
  App fresh(Caller caller, long id) {
    App app = apps.find(id).orElseThrow();
    return app.forCaller(apps.isFavourite(id, caller.userId()), access.mayEdit(caller, app));
  }

  private static List<String> tags(List<String> tags) {
    return tags == null ? List.of() : tags.stream().map(String::strip).filter(t -> !t.isEmpty()).distinct()
        .toList();
  }

  private String summary(App a) {
    return codec.write(Map.of("code", a.code(), "name", a.name(), "type", a.type(), "project", a.project(),
        "sharing", a.sharing(), "tags", a.tags()));
  }
}
