package io.jingzhi.agent.mcp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores MCP servers and the versions of their tool lists. */
@Repository
public class McpServerRepository {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final String SELECT = """
      select s.*, (select p.code from iam_projects p where p.id = s.project_id) as project_code,
        coalesce((select v.tool_count from agent_mcp_server_versions v
          where v.server_id = s.id and v.version = s.current_version), 0) as tool_count
      from agent_mcp_servers s""";

  private final JdbcClient jdbc;
  private final JsonMapper json = JsonMapper.builder().build();

  public McpServerRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A server as stored: headers and env still sealed. */
  public record Stored(long id, String name, String description, Long projectId, String projectCode, Long orgId,
      Long tenantId, String transport, String url, String sealedHeaders, String command, List<String> args,
      String sealedEnv, int currentVersion, int toolCount, Instant refreshedAt, String lastError, Long createdBy,
      Instant createdAt, Instant updatedAt) {

    public boolean global() {
      return tenantId == null;
    }
  }

  /** What a new or changed server stores. */
  public record Row(String name, String description, Long projectId, Long orgId, Long tenantId, String transport,
      String url, String sealedHeaders, String command, List<String> args, String sealedEnv) {}

  /** One stored tool list. */
  public record Version(long serverId, int version, String tools, String digest, int toolCount, Long createdBy,
      Instant createdAt) {}

  public Optional<Stored> find(long id) {
    return jdbc.sql(SELECT + " where s.id = :id").param("id", id).query(this::map).optional();
  }

  /** Servers with this name: the tenant's own and the global ones. */
  public List<Stored> byName(String name, Long tenantId) {
    String where = tenantId == null ? " where s.name = :n"
        : " where s.name = :n and (s.tenant_id = :t or s.tenant_id is null)";
    var spec = jdbc.sql(SELECT + where + " order by s.tenant_id nulls last, s.id").param("n", name);
    return (tenantId == null ? spec : spec.param("t", tenantId)).query(this::map).list();
  }

  /** Every server of a tenant and every global one; all when {@code tenantId} is null. */
  public List<Stored> visible(Long tenantId) {
    String where = tenantId == null ? "" : " where s.tenant_id = :t or s.tenant_id is null";
    var spec = jdbc.sql(SELECT + where + " order by s.tenant_id nulls first, s.name, s.id");
    return (tenantId == null ? spec : spec.param("t", tenantId)).query(this::map).list();
  }

  public boolean nameTaken(String name, Long tenantId, long exceptId) {
    String tenant = tenantId == null ? "s.tenant_id is null" : "(s.tenant_id = :t or s.tenant_id is null)";
    var spec = jdbc.sql("select count(*) from agent_mcp_servers s where s.name = :n and s.id <> :id and " + tenant)
        .param("n", name).param("id", exceptId);
    return (tenantId == null ? spec : spec.param("t", tenantId)).query(Long.class).single() > 0;
  }

  public long insert(Row r, Long createdBy, Instant now) {
    return insert(r, null, createdBy, now);
  }

  private long insert(Row r, String builtin, Long createdBy, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into agent_mcp_servers (builtin, name, description, project_id, org_id, tenant_id, transport, url,
          headers, command, args, env, created_by, created_at, updated_at)
        values (:builtin, :name, :description, :project, :org, :tenant, :transport, :url, :headers, :command, :args,
          :env, :by, :now, :now)""")
        .param("builtin", builtin).param("name", r.name()).param("description", r.description()).param("project", r.projectId())
        .param("org", r.orgId()).param("tenant", r.tenantId()).param("transport", r.transport())
        .param("url", r.url()).param("headers", r.sealedHeaders()).param("command", r.command())
        .param("args", json.writeValueAsString(r.args())).param("env", r.sealedEnv()).param("by", createdBy)
        .param("now", utc(now)).update(keys, "id");
    return keys.getKeyAs(Number.class).longValue();
  }

  /** The id of the platform's own server with this key, registering it when it is not there yet. */
  public long ensureBuiltin(String key, Row r, Instant now) {
    Optional<Long> existing = builtin(key);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      return insert(r, key, null, now);
    } catch (org.springframework.dao.DuplicateKeyException e) {
      // Another replica registered it at the same moment.
      return builtin(key).orElseThrow();
    }
  }

  private Optional<Long> builtin(String key) {
    return jdbc.sql("select id from agent_mcp_servers where builtin = :k").param("k", key).query(Long.class)
        .optional();
  }

  public void update(long id, Row r, Instant now) {
    jdbc.sql("""
        update agent_mcp_servers set name = :name, description = :description, project_id = :project,
          org_id = :org, tenant_id = :tenant, transport = :transport, url = :url, headers = :headers,
          command = :command, args = :args, env = :env, updated_at = :now where id = :id""")
        .param("name", r.name()).param("description", r.description()).param("project", r.projectId())
        .param("org", r.orgId()).param("tenant", r.tenantId()).param("transport", r.transport())
        .param("url", r.url()).param("headers", r.sealedHeaders()).param("command", r.command())
        .param("args", json.writeValueAsString(r.args())).param("env", r.sealedEnv()).param("now", utc(now))
        .param("id", id).update();
  }

  public void delete(long id) {
    jdbc.sql("delete from agent_mcp_servers where id = :id").param("id", id).update();
  }

  /** Records the outcome of a refresh: a new current version (or the same), or the error met. */
  public void refreshed(long id, int currentVersion, String error, Instant now) {
    jdbc.sql("update agent_mcp_servers set current_version = :v, last_error = :e, refreshed_at = :now where id = :id")
        .param("v", currentVersion).param("e", error).param("now", utc(now)).param("id", id).update();
  }

  public void addVersion(Version v) {
    jdbc.sql("""
        insert into agent_mcp_server_versions (server_id, version, tools, digest, tool_count, created_by, created_at)
        values (:s, :v, :tools, :digest, :count, :by, :at)""")
        .param("s", v.serverId()).param("v", v.version()).param("tools", v.tools()).param("digest", v.digest())
        .param("count", v.toolCount()).param("by", v.createdBy()).param("at", utc(v.createdAt())).update();
  }

  public Optional<Version> version(long serverId, int version) {
    return jdbc.sql("select * from agent_mcp_server_versions where server_id = :s and version = :v")
        .param("s", serverId).param("v", version).query(this::version).optional();
  }

  public List<Version> versions(long serverId) {
    return jdbc.sql("select * from agent_mcp_server_versions where server_id = :s order by version desc")
        .param("s", serverId).query(this::version).list();
  }

  private Version version(ResultSet rs, int n) throws SQLException {
    return new Version(rs.getLong("server_id"), rs.getInt("version"), rs.getString("tools"), rs.getString("digest"),
        rs.getInt("tool_count"), (Long) rs.getObject("created_by", Long.class), instant(rs, "created_at"));
  }

  private Stored map(ResultSet rs, int n) throws SQLException {
    return new Stored(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
        rs.getObject("project_id", Long.class), rs.getString("project_code"), rs.getObject("org_id", Long.class),
        rs.getObject("tenant_id", Long.class), rs.getString("transport"), rs.getString("url"),
        rs.getString("headers"), rs.getString("command"), json.readValue(rs.getString("args"), STRINGS),
        rs.getString("env"), rs.getInt("current_version"), rs.getInt("tool_count"), instant(rs, "refreshed_at"),
        rs.getString("last_error"), rs.getObject("created_by", Long.class), instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

}
