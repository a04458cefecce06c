package io.jingzhi.iam.project;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.Tenancy;
import io.jingzhi.iam.audit.AuditJson;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Projects under orgs and apps under projects, within the caller's tenant. */
@Service
public class ProjectService {

  private final ProjectRepository repo;
  private final ActiveKeys activeKeys;
  private final Tenancy tenancy;
  private final AuditLog audit;
  private final AuditJson auditJson;
  private final Clock clock;

  public ProjectService(ProjectRepository repo, ActiveKeys activeKeys, Tenancy tenancy, AuditLog audit,
      AuditJson auditJson, Clock clock) {
    this.repo = repo;
    this.activeKeys = activeKeys;
    this.tenancy = tenancy;
    this.audit = audit;
    this.auditJson = auditJson;
    this.clock = clock;
  }

  /** Counts an app's keys that still work; implemented by the API key feature. */
  public interface ActiveKeys {
    long count(long appId);
  }

  public List<Project> list(Caller caller) {
    caller.require(Permissions.PROJECT_READ);
    return repo.projects(caller.platformScope() ? null : caller.tenantId());
  }

  public Project get(Caller caller, long id) {
    caller.require(Permissions.PROJECT_READ);
    return visibleProject(caller, id);
  }

  @Transactional
  public Project create(Caller caller, String code, String name, String description, long orgId) {
    caller.require(Permissions.PROJECT_WRITE);
    tenancy.requireVisibleOrg(caller, orgId);
    if (repo.projectByCode(code).isPresent()) {
      throw ApiException.conflict("project.code_taken", "A project with code " + code + " already exists");
    }
    Project created = repo.project(repo.insertProject(code, name, description, orgId, clock.instant())).orElseThrow();
    audit.record(AuditRecord.success(caller, "project.create", "project", created.id(), name, null,
        auditJson.of(created)));
    return created;
  }

  @Transactional
  public Project update(Caller caller, long id, String name, String description) {
    caller.require(Permissions.PROJECT_WRITE);
    Project before = visibleProject(caller, id);
    repo.updateProject(id, name == null ? before.name() : name,
        description == null ? before.description() : description, clock.instant());
    Project after = repo.project(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "project.update", "project", id, after.name(), auditJson.of(before),
        auditJson.of(after)));
    return after;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    caller.require(Permissions.PROJECT_WRITE);
    Project project = visibleProject(caller, id);
    long apps = repo.appCount(id);
    if (apps > 0) {
      throw ApiException.conflict("project.not_empty", "Project " + project.name() + " still has " + apps + " app(s)");
    }
    repo.deleteProject(id);
    audit.record(AuditRecord.success(caller, "project.delete", "project", id, project.name(), auditJson.of(project),
        null));
  }

  public List<App> apps(Caller caller, long projectId) {
    caller.require(Permissions.APP_READ);
    visibleProject(caller, projectId);
    return repo.apps(projectId);
  }

  public App app(Caller caller, long projectId, long appId) {
    caller.require(Permissions.APP_READ);
    return visibleApp(caller, projectId, appId);
  }

  @Transactional
  public App createApp(Caller caller, long projectId, String code, String name, String description) {
    caller.require(Permissions.APP_WRITE);
    visibleProject(caller, projectId);
    if (repo.appByCode(code).isPresent()) {
      throw ApiException.conflict("app.code_taken", "An app with code " + code + " already exists");
    }
    App created = repo.app(repo.insertApp(code, name, description, projectId, clock.instant())).orElseThrow();
    audit.record(AuditRecord.success(caller, "app.create", "app", created.id(), name, null, auditJson.of(created)));
    return created;
  }

  @Transactional
  public App updateApp(Caller caller, long projectId, long appId, String name, String description) {
    caller.require(Permissions.APP_WRITE);
    App before = visibleApp(caller, projectId, appId);
    repo.updateApp(appId, name == null ? before.name() : name,
        description == null ? before.description() : description, clock.instant());
    App after = repo.app(appId).orElseThrow();
    audit.record(AuditRecord.success(caller, "app.update", "app", appId, after.name(), auditJson.of(before),
        auditJson.of(after)));
    return after;
  }

  @Transactional
  public void deleteApp(Caller caller, long projectId, long appId) {
    caller.require(Permissions.APP_WRITE);
    App app = visibleApp(caller, projectId, appId);
    long active = activeKeys.count(appId);
    if (active > 0) {
      throw ApiException.conflict("app.has_active_keys",
          "App " + app.name() + " still has " + active + " active API key(s); revoke them first");
    }
    repo.deleteApp(appId);
    audit.record(AuditRecord.success(caller, "app.delete", "app", appId, app.name(), auditJson.of(app), null));
  }

  /** The app, checked to belong to the project and to be visible to the caller. */
  public App visibleApp(Caller caller, long projectId, long appId) {
    visibleProject(caller, projectId);
    App app = repo.app(appId).orElseThrow(() -> ApiException.notFound("app", appId));
    if (app.projectId() != projectId) {
      throw ApiException.notFound("app", appId);
    }
    return app;
  }

  public Project visibleProject(Caller caller, long id) {
    Project project = repo.project(id).orElseThrow(() -> ApiException.notFound("project", id));
    tenancy.requireVisible(caller, project.orgId(), "project", id);
    return project;
  }
}
