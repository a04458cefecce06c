package io.jingzhi.iam.bootstrap;

import io.jingzhi.iam.apikey.ApiKey;
import io.jingzhi.iam.apikey.ApiKeyRepository;
import io.jingzhi.iam.org.Org;
import io.jingzhi.iam.org.OrgRepository;
import io.jingzhi.iam.project.App;
import io.jingzhi.iam.project.Project;
import io.jingzhi.iam.project.ProjectRepository;
import io.jingzhi.iam.role.Role;
import io.jingzhi.iam.role.RoleRepository;
import io.jingzhi.iam.user.User;
import io.jingzhi.iam.user.UserRepository;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The stored state, read through the IAM repositories. */
@Component
class RepositoryStored implements Stored {

  private final OrgRepository orgs;
  private final UserRepository users;
  private final RoleRepository roles;
  private final ProjectRepository projects;
  private final ApiKeyRepository keys;

  RepositoryStored(OrgRepository orgs, UserRepository users, RoleRepository roles, ProjectRepository projects,
      ApiKeyRepository keys) {
    this.orgs = orgs;
    this.users = users;
    this.roles = roles;
    this.projects = projects;
    this.keys = keys;
  }

  @Override
  public Optional<Long> orgId(String code) {
    return orgs.findByCode(code).map(Org::id);
  }

  @Override
  public Optional<User> user(String username) {
    return users.findByUsername(username);
  }

  @Override
  public Set<String> rolesOf(long userId) {
    return roles.rolesOf(userId);
  }

  @Override
  public Set<String> roleCodes() {
    return roles.all().stream().map(Role::code).collect(Collectors.toSet());
  }

  @Override
  public Optional<Project> project(String code) {
    return projects.projectByCode(code);
  }

  @Override
  public Optional<App> app(String code) {
    return projects.appByCode(code);
  }

  @Override
  public List<ApiKey> keys(long appId, String name) {
    return keys.allByName(appId, name);
  }

  @Override
  public Optional<ApiKey> keyByHash(String hash) {
    return keys.findByHash(hash);
  }
}
