package io.jingzhi.iam.bootstrap;

import io.jingzhi.iam.api.BootstrapContext;
import io.jingzhi.iam.bootstrap.BootstrapFile.AppEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.OrgEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.ProjectEntry;
import io.jingzhi.iam.project.App;
import io.jingzhi.iam.project.Project;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@link BootstrapContext} of one apply: the file's codes, the stored state and the shared problem list. */
final class FileContext implements BootstrapContext {

  private final String source;
  private final Problems problems;
  private final Placeholders placeholders;
  private final Stored stored;
  private final List<String> changes;
  private final Set<String> orgs;
  private final Set<String> projects;
  private final Set<String> apps;

  FileContext(BootstrapFile file, Problems problems, Placeholders placeholders, Stored stored, List<String> changes) {
    this.source = file.source();
    this.problems = problems;
    this.placeholders = placeholders;
    this.stored = stored;
    this.changes = changes;
    this.orgs = file.allOrganizations().stream().map(OrgEntry::code).collect(Collectors.toSet());
    this.projects = file.projects().stream().map(ProjectEntry::code).collect(Collectors.toSet());
    this.apps = file.apps().stream().map(AppEntry::code).collect(Collectors.toSet());
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public void problem(String path, String message) {
    problems.add(path, message);
  }

  @Override
  public Optional<String> resolve(String path, String text) {
    try {
      return Optional.of(placeholders.resolve(text));
    } catch (Placeholders.Unresolvable e) {
      problems.add(path, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public boolean orgExists(String code) {
    return orgs.contains(code) || BootstrapParser.ROOT_CODE.equals(code) || stored.orgId(code).isPresent();
  }

  @Override
  public boolean projectExists(String code) {
    return projects.contains(code) || stored.project(code).isPresent();
  }

  @Override
  public boolean appExists(String code) {
    return apps.contains(code) || stored.app(code).isPresent();
  }

  @Override
  public Optional<Long> orgId(String code) {
    return stored.orgId(code);
  }

  @Override
  public Optional<Long> projectId(String code) {
    return stored.project(code).map(Project::id);
  }

  @Override
  public Optional<Long> appId(String code) {
    return stored.app(code).map(App::id);
  }

  @Override
  public void changed(String summary) {
    changes.add(summary);
  }
}
