package io.jingzhi.iam.bootstrap;

import static io.jingzhi.iam.bootstrap.FieldReader.index;
import static io.jingzhi.iam.bootstrap.FieldReader.join;

import io.jingzhi.iam.apikey.ApiKey;
import io.jingzhi.iam.bootstrap.BootstrapFile.AppEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.KeyEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.OrgEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.ProjectEntry;
import io.jingzhi.iam.bootstrap.BootstrapFile.UserEntry;
import io.jingzhi.iam.org.OrgController;
import io.jingzhi.iam.user.UserController;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a bootstrap file into a {@link BootstrapFile}, checking everything that needs no database: types,
 * required fields, code patterns, duplicates, limits, and top-level keys without an owner. Every problem is
 * collected and reported at once with its field path.
 */
final class BootstrapParser {

  static final Set<String> IAM_KEYS = Set.of("organizations", "users", "projects", "apps");
  static final String ROOT_CODE = "root";

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Pattern CODE = Pattern.compile(OrgController.CODE_PATTERN);
  private static final Pattern USERNAME = Pattern.compile(UserController.USERNAME);
  private static final Pattern PHONE = Pattern.compile(UserController.PHONE);
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final String CODE_RULE = "must be 1-64 letters, digits, _ . - starting with a letter or digit";

  private final Placeholders placeholders;
  private final Set<String> sectionKeys;

  /** @param sectionKeys the top-level keys other modules own ({@code models}, ...) */
  BootstrapParser(Placeholders placeholders, Set<String> sectionKeys) {
    this.placeholders = placeholders;
    this.sectionKeys = Set.copyOf(sectionKeys);
  }

  /** Parses the text of a file; throws {@link BootstrapException} listing every problem. */
  BootstrapFile parse(String source, String yaml) {
    Problems problems = new Problems();
    BootstrapFile file = parse(source, yaml, problems);
    problems.throwIfAny(source);
    return file;
  }

  /**
   * Parses the text of a file, adding every problem to {@code problems}. Entries with problems are kept (with
   * the broken fields null) so the checks against the stored state can still report theirs; null only when the
   * text is not a YAML mapping at all.
   */
  BootstrapFile parse(String source, String yaml, Problems problems) {
    JsonNode root;
    try {
      root = yaml.isBlank() ? null : YAML.readTree(yaml);
    } catch (JacksonException e) {
      var at = e.getLocation();
      problems.add(at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr(),
          "not valid YAML: " + e.getOriginalMessage());
      return null;
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return new BootstrapFile(source, List.of(), List.of(), List.of(), List.of(), Map.of());
    }
    if (!root.isObject()) {
      problems.add("", "the file must be a mapping with keys such as organizations, users, projects, apps");
      return null;
    }
    FieldReader in = new FieldReader(problems, placeholders);
    Map<String, JsonNode> sections = new LinkedHashMap<>();
    for (String key : root.propertyNames()) {
      if (sectionKeys.contains(key)) {
        sections.put(key, root.get(key));
      } else if (!IAM_KEYS.contains(key)) {
        Set<String> known = new java.util.TreeSet<>(IAM_KEYS);
        known.addAll(sectionKeys);
        problems.add(key, "unknown top-level key: no module of this server reads it (known: "
            + String.join(", ", known) + ")");
      }
    }
    return new BootstrapFile(source, organizations(in, root), users(in, root), projects(in, root), apps(in, root),
        sections);
  }

  private List<OrgEntry> organizations(FieldReader in, JsonNode root) {
    return orgLevel(in, root, "", "organizations", null, new HashSet<>());
  }

  private List<OrgEntry> orgLevel(FieldReader in, JsonNode parent, String parentPath, String field,
      String parentCode, Set<String> seen) {
    List<OrgEntry> level = new ArrayList<>();
    List<JsonNode> nodes = in.list(parent, field, parentPath);
    for (int i = 0; i < nodes.size(); i++) {
      String path = index(parentPath, field, i);
      JsonNode node = in.object(nodes.get(i), path, ordered("code", "name", "tenant", "children"));
      if (node == null) {
        continue;
      }
      String code = in.matching(node, "code", path, true, CODE, CODE_RULE);
      if (ROOT_CODE.equals(code)) {
        in.problems().add(join(path, "code"), "\"root\" is the platform root; list its children at the top level");
        code = null;
      } else if (code != null && !seen.add(code)) {
        in.problems().add(join(path, "code"), "duplicate organization code \"" + code + "\"");
      }
      String name = in.text(node, "name", path, true, 200);
      Boolean tenant = in.bool(node, "tenant", path);
      List<OrgEntry> children = orgLevel(in, node, path, "children", code, seen);
      level.add(new OrgEntry(path, code, name, tenant, parentCode, children));
    }
    return level;
  }

  private List<UserEntry> users(FieldReader in, JsonNode root) {
    List<UserEntry> users = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<JsonNode> nodes = in.list(root, "users", "");
    for (int i = 0; i < nodes.size(); i++) {
      String path = index("", "users", i);
      JsonNode node = in.object(nodes.get(i), path, ordered("username", "password", "display_name", "org", "roles",
          "phone", "email", "expires_at", "must_change_password"));
      if (node == null) {
        continue;
      }
      String username = in.matching(node, "username", path, true, USERNAME,
          "must be 2-64 letters, digits, _ . @ - starting with a letter or digit");
      if (username != null && !seen.add(username.toLowerCase(Locale.ROOT))) {
        in.problems().add(join(path, "username"), "duplicate username \"" + username + "\"");
      }
      String email = in.text(node, "email", path, false, 254);
      if (email != null && !EMAIL.matcher(email).matches()) {
        in.problems().add(join(path, "email"), "is not an email address");
      }
      Boolean mustChange = in.bool(node, "must_change_password", path);
      users.add(new UserEntry(path, username, in.secret(node, "password", path),
          in.text(node, "display_name", path, false, 200), in.matching(node, "org", path, true, CODE, CODE_RULE),
          in.strings(node, "roles", path, 64), in.matching(node, "phone", path, false, PHONE,
          "is not a phone number"), email, in.instant(node, "expires_at", path), Boolean.TRUE.equals(mustChange)));
    }
    return users;
  }

  private List<ProjectEntry> projects(FieldReader in, JsonNode root) {
    List<ProjectEntry> projects = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<JsonNode> nodes = in.list(root, "projects", "");
    for (int i = 0; i < nodes.size(); i++) {
      String path = index("", "projects", i);
      JsonNode node = in.object(nodes.get(i), path, ordered("code", "name", "description", "org"));
      if (node == null) {
        continue;
      }
      String code = in.matching(node, "code", path, true, CODE, CODE_RULE);
      if (code != null && !seen.add(code)) {
        in.problems().add(join(path, "code"), "duplicate project code \"" + code + "\"");
      }
      projects.add(new ProjectEntry(path, code, in.text(node, "name", path, true, 200),
          in.text(node, "description", path, false, 1000), in.matching(node, "org", path, true, CODE, CODE_RULE)));
    }
    return projects;
  }

  private List<AppEntry> apps(FieldReader in, JsonNode root) {
    List<AppEntry> apps = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<JsonNode> nodes = in.list(root, "apps", "");
    for (int i = 0; i < nodes.size(); i++) {
      String path = index("", "apps", i);
      JsonNode node = in.object(nodes.get(i), path, ordered("code", "name", "description", "project", "api_keys"));
      if (node == null) {
        continue;
      }
      String code = in.matching(node, "code", path, true, CODE, CODE_RULE);
      if (code != null && !seen.add(code)) {
        in.problems().add(join(path, "code"), "duplicate app code \"" + code + "\"");
      }
      apps.add(new AppEntry(path, code, in.text(node, "name", path, true, 200),
          in.text(node, "description", path, false, 1000),
          in.matching(node, "project", path, true, CODE, CODE_RULE), keys(in, node, path)));
    }
    return apps;
  }

  private List<KeyEntry> keys(FieldReader in, JsonNode app, String appPath) {
    List<KeyEntry> keys = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<JsonNode> nodes = in.list(app, "api_keys", appPath);
    for (int i = 0; i < nodes.size(); i++) {
      String path = index(appPath, "api_keys", i);
      JsonNode node = in.object(nodes.get(i), path, ordered("name", "key", "models", "limits", "expires_at",
          "created_by"));
      if (node == null) {
        continue;
      }
      String name = in.text(node, "name", path, true, 100);
      if (name != null && !names.add(name)) {
        in.problems().add(join(path, "name"), "duplicate key name \"" + name + "\" in this app");
      }
      keys.add(new KeyEntry(path, name, in.secret(node, "key", path), in.strings(node, "models", path, 200),
          limits(in, node, path), in.instant(node, "expires_at", path), in.text(node, "created_by", path, false, 64)));
    }
    return keys;
  }

  private static ApiKey.Limits limits(FieldReader in, JsonNode key, String keyPath) {
    JsonNode node = key.get("limits");
    if (node == null || node.isNull()) {
      return null;
    }
    String path = join(keyPath, "limits");
    if (in.object(node, path, ordered("rpm", "tpm", "concurrency")) == null) {
      return null;
    }
    return new ApiKey.Limits(in.positiveInt(node, "rpm", path), in.positiveInt(node, "tpm", path),
        in.positiveInt(node, "concurrency", path));
  }

  private static Set<String> ordered(String... names) {
    return new LinkedHashSet<>(List.of(names));
  }
}
