package io.jingzhi.agent.database;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.crypto.SecretBox;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.ProjectDirectory;
import io.jingzhi.iam.api.ProjectDirectory.ProjectRef;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Database connections: owned by a project and so by its tenant (another tenant's connection answers 404), read
 * with {@code agent:read}, managed with {@code agent:write}; the password is sealed with {@link SecretBox} and
 * never answered. Every change is audited and closes the connection's pool and cached schema.
 */
@Service
public class DbConnectionService {

  static final String RESOURCE = "agent_db_connection";
  private static final String KINDS = "mysql, mariadb, postgresql, opengauss, sqlserver, hive or h2";

  private final DbConnectionRepository repository;
  private final ProjectDirectory directory;
  private final SecretBox secrets;
  private final ConnectionPools pools;
  private final SchemaReader schemas;
  private final AuditLog audit;
  private final Clock clock;
  private final Path dataDir;

  DbConnectionService(DbConnectionRepository repository, ProjectDirectory directory, SecretBox secrets,
      ConnectionPools pools, SchemaReader schemas, AuditLog audit, Clock clock,
      @Value("${jingzhi.data-dir:./data}") Path dataDir) {
    this.repository = repository;
    this.directory = directory;
    this.secrets = secrets;
    this.pools = pools;
    this.schemas = schemas;
    this.audit = audit;
    this.clock = clock;
    this.dataDir = dataDir;
  }

  public List<DbConnection> list(Caller caller, String project) {
    caller.require(Permissions.AGENT_READ);
    Long projectId = project == null || project.isBlank() ? null : project(caller, project).id();
    return repository.list(caller.platformScope() ? null : caller.tenantId(), projectId);
  }

  public DbConnection get(Caller caller, long id) {
    caller.require(Permissions.AGENT_READ);
    return visible(caller, id);
  }

  /**
   * The connection a node or a query names, by id (digits) or by name within the caller's tenant; 404 when the
   * caller may not see it.
   */
  public DbConnection resolve(Caller caller, String nameOrId) {
    if (nameOrId == null || nameOrId.isBlank()) {
      throw ApiException.invalid("connection", "required: the name or id of a database connection");
    }
    String key = nameOrId.strip();
    if (key.chars().allMatch(Character::isDigit) && key.length() < 19) {
      var byId = repository.find(Long.parseLong(key)).filter(c -> caller.canSeeTenant(c.tenantId()));
      if (byId.isPresent()) {
        return byId.get();
      }
    }
    return repository.findByName(caller.tenantId(), key)
        .orElseThrow(() -> ApiException.notFound("db_connection", key));
  }

  @Transactional
  public DbConnection create(Caller caller, DbConnectionInput in) {
    caller.require(Permissions.AGENT_WRITE);
    if (in.project() == null || in.project().isBlank()) {
      throw ApiException.invalid("project", "required: the code of the owning project");
    }
    ProjectRef project = project(caller, in.project());
    DbKind kind = kind(in.kind(), null);
    String name = name(in.name(), null);
    String url = url(kind, in.url());
    unique(project.tenantId(), name, null);
    var row = new DbConnectionRepository.Row(name, blankToNull(in.description()), project.id(), project.orgId(),
        project.tenantId(), kind.wire(), url, blankToNull(in.username()), seal(in.password(), null),
        in.readOnly() == null || in.readOnly());
    long id = repository.insert(row, caller.userId(), clock.instant());
    DbConnection created = repository.find(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "agent.db_connection.create", RESOURCE, id, name, null,
        summary(created)));
    return created;
  }

  @Transactional
  public DbConnection update(Caller caller, long id, DbConnectionInput in) {
    caller.require(Permissions.AGENT_WRITE);
    DbConnection before = visible(caller, id);
    ProjectRef project = in.project() == null ? directory.byId(before.projectId()).orElseThrow()
        : project(caller, in.project());
    if (project.tenantId() != before.tenantId()) {
      throw ApiException.invalid("project", "a connection cannot move to another tenant's project");
    }
    DbKind kind = kind(in.kind(), before.dbKind());
    String name = name(in.name(), before.name());
    String url = in.url() == null && in.kind() == null ? before.url() : url(kind, in.url() == null ? before.url()
        : in.url());
    unique(before.tenantId(), name, id);
    String sealed = in.password() == null ? repository.sealedPassword(id).orElse(null) : seal(in.password(), null);
    var row = new DbConnectionRepository.Row(name, in.description() == null ? before.description()
        : blankToNull(in.description()), project.id(), project.orgId(), project.tenantId(), kind.wire(), url,
        in.username() == null ? before.username() : blankToNull(in.username()), sealed,
        in.readOnly() == null ? before.readOnly() : in.readOnly());
    repository.update(id, row, clock.instant());
    pools.evict(id);
    schemas.evict(id);
    DbConnection after = repository.find(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "agent.db_connection.update", RESOURCE, id, name, summary(before),
        summary(after) + (in.password() != null ? " (password changed)" : "")));
    return after;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    caller.require(Permissions.AGENT_WRITE);
    DbConnection before = visible(caller, id);
    repository.delete(id);
    pools.evict(id);
    schemas.evict(id);
    audit.record(AuditRecord.success(caller, "agent.db_connection.delete", RESOURCE, id, before.name(),
        summary(before), null));
  }

  /** A connection the caller may see (404 otherwise: another tenant's id must not be confirmed). */
  DbConnection visible(Caller caller, long id) {
    return repository.find(id).filter(c -> caller.canSeeTenant(c.tenantId()))
        .orElseThrow(() -> ApiException.notFound("db_connection", id));
  }

  private ProjectRef project(Caller caller, String code) {
    ProjectRef project = directory.byCode(code.strip()).orElseThrow(() -> ApiException.notFound("project", code));
    if (!caller.canSeeTenant(project.tenantId())) {
      throw ApiException.notFound("project", code);
    }
    return project;
  }

  private static DbKind kind(String wire, DbKind fallback) {
    if (wire == null && fallback != null) {
      return fallback;
    }
    String problem = kindProblem(wire);
    if (problem != null) {
      throw ApiException.invalid("kind", problem);
    }
    return DbKind.parse(wire).orElseThrow();
  }

  private static String name(String name, String fallback) {
    if (name == null && fallback != null) {
      return fallback;
    }
    String problem = nameProblem(name);
    if (problem != null) {
      throw ApiException.invalid("name", problem);
    }
    return name.strip();
  }

  private String url(DbKind kind, String url) {
    String problem = urlProblem(kind, url == null ? null : url.strip());
    if (problem != null) {
      throw ApiException.invalid("url", problem);
    }
    return url.strip();
  }

  /** Why a connection kind is refused, or null; the API and the bootstrap file check the same way. */
  static String kindProblem(String wire) {
    if (wire == null) {
      return "required: " + KINDS;
    }
    return DbKind.parse(wire).isPresent() ? null : "must be " + KINDS;
  }

  /** Why a connection name is refused, or null. */
  static String nameProblem(String name) {
    if (name == null || name.isBlank()) {
      return "required: a name nodes can refer to";
    }
    if (name.strip().chars().allMatch(Character::isDigit)) {
      return "must not be digits only (nodes name a connection by name or id)";
    }
    return null;
  }

  /** Why a JDBC URL is refused for the kind ({@link JdbcUrls}, H2 under the data directory), or null. */
  String urlProblem(DbKind kind, String url) {
    return JdbcUrls.problem(kind, url, dataDir);
  }

  private void unique(long tenantId, String name, Long self) {
    repository.findByName(tenantId, name).filter(c -> self == null || c.id() != self).ifPresent(c -> {
      throw new AgentException(HttpStatus.CONFLICT, "db_connection.name_taken", "the tenant already has a"
          + " connection named '" + name + "' (id " + c.id() + ")");
    });
  }

  private String seal(String password, String fallback) {
    if (password == null) {
      return fallback;
    }
    return password.isEmpty() ? null : secrets.encrypt(password);
  }

  private static String summary(DbConnection c) {
    return "{\"name\":\"" + c.name() + "\",\"kind\":\"" + c.kind() + "\",\"url\":\"" + c.url() + "\",\"read_only\":"
        + c.readOnly() + ",\"project\":\"" + c.project() + "\"}";
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
