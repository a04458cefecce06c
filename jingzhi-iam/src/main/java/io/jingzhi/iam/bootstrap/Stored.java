package io.jingzhi.iam.bootstrap;

import io.jingzhi.iam.apikey.ApiKey;
import io.jingzhi.iam.project.App;
import io.jingzhi.iam.project.Project;
import io.jingzhi.iam.user.User;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the bootstrap checks a file against: the stored orgs, users, roles, projects, apps and keys. Read-only;
 * the server reads the repositories ({@link RepositoryStored}), unit tests an in-memory picture.
 */
interface Stored {

  Optional<Long> orgId(String code);

  Optional<User> user(String username);

  Set<String> rolesOf(long userId);

  Set<String> roleCodes();

  Optional<Project> project(String code);

  Optional<App> app(String code);

  /** Every key of an app with this name, revoked ones included, newest first. */
  List<ApiKey> keys(long appId, String name);

  Optional<ApiKey> keyByHash(String hash);
}
