package io.jingzhi.iam.api;

import io.jingzhi.iam.org.Org;
import io.jingzhi.iam.org.OrgRepository;
import io.jingzhi.iam.project.Project;
import io.jingzhi.iam.project.ProjectRepository;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Projects and orgs as other modules need them: a project with the org and tenant that own it, and whether one
 * org lies inside another (sharing rules). No permission checks: callers decide with {@link Tenancy} and
 * {@link Caller}.
 */
@Component
public class ProjectDirectory {

  private final ProjectRepository projects;
  private final OrgRepository orgs;

  public ProjectDirectory(ProjectRepository projects, OrgRepository orgs) {
    this.projects = projects;
    this.orgs = orgs;
  }

  /** A project with its owners. */
  public record ProjectRef(long id, String code, String name, long orgId, String orgName, long tenantId) {}

  public Optional<ProjectRef> byCode(String code) {
    return projects.projectByCode(code).flatMap(this::ref);
  }

  public Optional<ProjectRef> byId(long id) {
    return projects.project(id).flatMap(this::ref);
  }

  /** True when {@code orgId} is {@code ancestorId} or lies below it. */
  public boolean within(long orgId, long ancestorId) {
    Optional<Org> org = orgs.find(orgId);
    Optional<Org> ancestor = orgs.find(ancestorId);
    return org.isPresent() && ancestor.isPresent() && org.get().isWithin(ancestor.get());
  }

  /** True when an org with this id exists. */
  public boolean orgExists(long orgId) {
    return orgs.find(orgId).isPresent();
  }

  private Optional<ProjectRef> ref(Project p) {
    return orgs.find(p.orgId()).map(o -> new ProjectRef(p.id(), p.code(), p.name(), o.id(), o.name(), o.tenantId()));
  }
}
