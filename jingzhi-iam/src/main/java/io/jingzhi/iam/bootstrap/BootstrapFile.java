package io.jingzhi.iam.bootstrap;

import io.jingzhi.iam.apikey.ApiKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A parsed bootstrap file. Every entry keeps the path of its node ({@code users[2]}) so later checks can name
 * the field. Plain values are already resolved; secrets ({@link Secret}) are resolved only when needed.
 * Optional fields left out are null and leave the stored value as it is.
 *
 * @param sections the top-level sections owned by other modules, by key, in file order
 */
public record BootstrapFile(
    String source,
    List<OrgEntry> organizations,
    List<UserEntry> users,
    List<ProjectEntry> projects,
    List<AppEntry> apps,
    Map<String, JsonNode> sections) {

  /** A value that may hold {@code ${ENV_VAR}} references, resolved only when it is used. */
  public record Secret(String path, String raw) {}

  /** An organization; {@code parent} is the code of the enclosing entry, null for a child of the root. */
  public record OrgEntry(String path, String code, String name, Boolean tenant, String parent,
      List<OrgEntry> children) {}

  /** An account; {@code roles} null leaves the roles of an existing account unchanged. */
  public record UserEntry(String path, String username, Secret password, String displayName, String org,
      List<String> roles, String phone, String email, Instant expiresAt, boolean mustChangePassword) {}

  /** A project under an organization. */
  public record ProjectEntry(String path, String code, String name, String description, String org) {}

  /** An app under a project, with its API keys. */
  public record AppEntry(String path, String code, String name, String description, String project,
      List<KeyEntry> apiKeys) {}

  /**
   * An API key of an app; {@code key} null means generate one on first creation. {@code createdBy}: the username
   * the key counts as created by, so the app runs it starts act for that user; null: none.
   */
  public record KeyEntry(String path, String name, Secret key, List<String> models, ApiKey.Limits limits,
      Instant expiresAt, String createdBy) {}

  /** Every organization, parents before children. */
  public List<OrgEntry> allOrganizations() {
    List<OrgEntry> all = new ArrayList<>();
    collect(organizations, all);
    return all;
  }

  private static void collect(List<OrgEntry> level, List<OrgEntry> into) {
    for (OrgEntry org : level) {
      into.add(org);
      collect(org.children(), into);
    }
  }
}
