package io.jingzhi.agent.database;

import static io.jingzhi.agent.database.DbConnectionService.blankToNull;

import io.jingzhi.common.crypto.SecretBox;
import io.jingzhi.iam.api.BootstrapContext;
import io.jingzhi.iam.api.ListBootstrapSection;
import io.jingzhi.iam.api.ProjectDirectory;
import io.jingzhi.iam.api.UserCallers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The {@code db_connections} section of the bootstrap file: {@code [{name, project, kind, url, username?, password?,
 * read_only?, description?, seed?}]}, the database connections workflow nodes name. A connection is matched by its
 * name within the project's tenant: created when missing (the password, a secret, is resolved and sealed only
 * then), brought in line when another field differs. For an H2 file database a relative path lies under the data
 * directory, and {@code seed} names a SQL script next to the bootstrap file that creates and fills the database when
 * its file does not exist yet — so a demo database comes with the demo, once.
 */
@Component
class DbConnectionsBootstrapSection extends ListBootstrapSection {

  private static final int MAX_NAME = 100;
  private static final Set<String> FIELDS = Set.of("name", "project", "kind", "url", "username", "password",
      "read_only", "description", "seed");

  private final DbConnectionService service;
  private final DbConnectionRepository repository;
  private final ProjectDirectory directory;
  private final SecretBox secrets;
  private final ConnectionPools pools;
  private final SchemaReader schemas;
  private final DriverJars drivers;
  private final UserCallers users;
  private final Clock clock;
  private final Path dataDir;

  /** After the knowledge bases (300), before the apps (500) whose database nodes name these connections. */
  DbConnectionsBootstrapSection(DbConnectionService service, DbConnectionRepository repository,
      ProjectDirectory directory, SecretBox secrets, ConnectionPools pools, SchemaReader schemas, DriverJars drivers,
      UserCallers users, Clock clock, @Value("${jingzhi.data-dir:./data}") Path dataDir) {
    super("db_connections", 400, "{name, project, kind, url, ...}");
    this.service = service;
    this.repository = repository;
    this.directory = directory;
    this.secrets = secrets;
    this.pools = pools;
    this.schemas = schemas;
    this.drivers = drivers;
    this.users = users;
    this.clock = clock;
    this.dataDir = dataDir;
  }

  @Override
  protected void validate(JsonNode entry, String path, Set<String> names, BootstrapContext ctx) {
    if (!entry.isObject()) {
      ctx.problem(path, "must be an object {name, project, kind, url, ...}");
      return;
    }
    entry.propertyNames().stream().filter(f -> !FIELDS.contains(f)).forEach(f -> ctx.problem(path + "." + f,
        "unknown field (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")"));
    String name = text(entry, "name");
    String nameProblem = name != null && name.length() > MAX_NAME ? "at most " + MAX_NAME + " characters"
        : DbConnectionService.nameProblem(name);
    if (nameProblem != null) {
      ctx.problem(path + ".name", nameProblem);
    } else if (!names.add(name.strip())) {
      ctx.problem(path + ".name", "the connection " + name.strip() + " is declared twice");
    }
    String project = text(entry, "project");
    if (project == null || !ctx.projectExists(project)) {
      ctx.problem(path + ".project", "no project with the code '" + project + "'");
    }
    checkLengths(entry, path, ctx);
    if (entry.has("read_only") && !entry.get("read_only").isBoolean()) {
      ctx.problem(path + ".read_only", "must be true or false");
    }
    String kindProblem = DbConnectionService.kindProblem(text(entry, "kind"));
    if (kindProblem != null) {
      ctx.problem(path + ".kind", kindProblem);
      return;
    }
    DbKind kind = DbKind.parse(text(entry, "kind")).orElseThrow();
    String url = url(entry, kind, path, ctx);
    if (url == null) {
      return;
    }
    String problem = service.urlProblem(kind, url);
    if (problem != null) {
      ctx.problem(path + ".url", problem);
    } else if (entry.has("seed")) {
      checkSeed(entry, kind, path, ctx);
    }
  }

  @Override
  public void apply(JsonNode section, BootstrapContext ctx) {
    long admin = users.bootstrapAdmin();
    for (Entry item : entries(section)) {
      JsonNode entry = item.node();
      String path = item.path();
      DbKind kind = DbKind.parse(text(entry, "kind")).orElseThrow();
      String url = url(entry, kind, path, ctx);
      var project = directory.byCode(text(entry, "project").strip()).orElseThrow();
      String name = text(entry, "name").strip();
      String username = blankToNull(text(entry, "username"));
      if (username != null) {
        username = ctx.resolve(path + ".username", username).orElse(null);
      }
      var stored = repository.findByName(project.tenantId(), name);
      long id;
      if (stored.isEmpty()) {
        String password = text(entry, "password");
        String sealed = password == null ? null
            : ctx.resolve(path + ".password", password).filter(p -> !p.isEmpty()).map(secrets::encrypt).orElse(null);
        id = repository.insert(new DbConnectionRepository.Row(name, blankToNull(text(entry, "description")),
            project.id(), project.orgId(), project.tenantId(), kind.wire(), url, username, sealed,
            !entry.has("read_only") || entry.get("read_only").asBoolean()), admin, clock.instant());
        ctx.changed("database connection " + name + " created");
      } else {
        id = stored.get().id();
        var wanted = refreshed(stored.get(), entry, project, kind, url, username,
            repository.sealedPassword(id).orElse(null));
        if (differs(stored.get(), wanted)) {
          repository.update(id, wanted, clock.instant());
          pools.evict(id);
          schemas.evict(id);
          ctx.changed("database connection " + name + " updated");
        }
      }
      if (entry.has("seed") && H2Seed.missing(url)) {
        Path script = ctx.besideFile(text(entry, "seed"));
        String password = repository.sealedPassword(id).map(secrets::decrypt).orElse(null);
        String user = repository.find(id).map(DbConnection::username).orElse(null);
        try {
          H2Seed.create(drivers.driver(DbKind.H2), url, user, password, script);
          ctx.changed("database of connection " + name + " created from " + text(entry, "seed"));
        } catch (IllegalStateException e) {
          ctx.problem(path + ".seed", e.getMessage());
        }
      }
    }
  }

  /** The URL with references resolved; an H2 file path made absolute under the data directory. */
  private String url(JsonNode entry, DbKind kind, String path, BootstrapContext ctx) {
    String raw = text(entry, "url");
    if (raw == null || raw.isBlank()) {
      ctx.problem(path + ".url", "required: the JDBC URL (" + kind.prefix() + "...)");
      return null;
    }
    String url = ctx.resolve(path + ".url", raw.strip()).orElse(null);
    return url == null || kind != DbKind.H2 ? url : H2Seed.absolute(url, dataDir);
  }

  private void checkSeed(JsonNode entry, DbKind kind, String path, BootstrapContext ctx) {
    String seed = text(entry, "seed");
    if (kind != DbKind.H2) {
      ctx.problem(path + ".seed", "only an H2 file database under the data directory is created from a seed");
    } else if (seed == null || seed.isBlank()) {
      ctx.problem(path + ".seed", "must name a SQL file next to the bootstrap file");
    } else if (!Files.isRegularFile(ctx.besideFile(seed))) {
      ctx.problem(path + ".seed", "no file " + ctx.besideFile(seed));
    }
  }

  private static void checkLengths(JsonNode entry, String path, BootstrapContext ctx) {
    record Limit(String field, int max) {}
    for (Limit l : new Limit[] {new Limit("username", 200), new Limit("password", 1000),
        new Limit("description", 2000), new Limit("seed", 500)}) {
      JsonNode v = entry.get(l.field());
      if (v != null && !v.isNull() && (!v.isString() || v.asString().length() > l.max())) {
        ctx.problem(path + "." + l.field(), "must be text of at most " + l.max() + " characters");
      }
    }
  }

  /** The stored connection with the fields the file gives; fields it leaves out stay as they are. */
  private static DbConnectionRepository.Row refreshed(DbConnection c, JsonNode entry,
      ProjectDirectory.ProjectRef project, DbKind kind, String url, String username, String sealed) {
    String description = entry.has("description") ? blankToNull(text(entry, "description")) : c.description();
    boolean readOnly = entry.has("read_only") ? entry.get("read_only").asBoolean() : c.readOnly();
    return new DbConnectionRepository.Row(c.name(), description, project.id(), project.orgId(), project.tenantId(),
        kind.wire(), url, entry.has("username") ? username : c.username(), sealed, readOnly);
  }

  private static boolean differs(DbConnection c, DbConnectionRepository.Row r) {
    return !Objects.equals(c.description(), r.description()) || c.projectId() != r.projectId()
        || !c.kind().equals(r.kind()) || !c.url().equals(r.url()) || !Objects.equals(c.username(), r.username())
        || c.readOnly() != r.readOnly();
  }
}
