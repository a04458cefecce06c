package io.jingzhi.agent.database;

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

/** Stores database connections; the password only ever leaves it sealed ({@link #sealedPassword}). */
@Repository
class DbConnectionRepository {

  private static final String SELECT = """
      select c.*, (select p.code from iam_projects p where p.id = c.project_id) as project_code
      from agent_db_connections c""";

  private final JdbcClient jdbc;

  DbConnectionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** What a new or changed connection stores. */
  record Row(String name, String description, long projectId, long orgId, long tenantId, String kind, String url,
      String username, String passwordSealed, boolean readOnly) {}

  Optional<DbConnection> find(long id) {
    return jdbc.sql(SELECT + " where c.id = :id").param("id", id).query(this::map).optional();
  }

  Optional<DbConnection> findByName(long tenantId, String name) {
    return jdbc.sql(SELECT + " where c.tenant_id = :t and c.name = :n").param("t", tenantId).param("n", name)
        .query(this::map).optional();
  }

  /** The connections of a tenant (all when null), optionally of one project, newest first. */
  List<DbConnection> list(Long tenantId, Long projectId) {
    String where = " where 1 = 1" + (tenantId != null ? " and c.tenant_id = :t" : "")
        + (projectId != null ? " and c.project_id = :p" : "");
    var spec = jdbc.sql(SELECT + where + " order by c.id desc");
    if (tenantId != null) {
      spec = spec.param("t", tenantId);
    }
    if (projectId != null) {
      spec = spec.param("p", projectId);
    }
    return spec.query(this::map).list();
  }

  Optional<String> sealedPassword(long id) {
    return jdbc.sql("select password_sealed from agent_db_connections where id = :id").param("id", id)
        .query((rs, n) -> Optional.ofNullable(rs.getString(1))).optional().flatMap(o -> o);
  }

  long insert(Row r, long createdBy, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into agent_db_connections (name, description, project_id, org_id, tenant_id, kind, url, username,
          password_sealed, read_only, created_by, created_at, updated_at)
        values (:name, :description, :project, :org, :tenant, :kind, :url, :username, :password, :readOnly,
          :createdBy, :now, :now)""")
        .param("name", r.name()).param("description", r.description()).param("project", r.projectId())
        .param("org", r.orgId()).param("tenant", r.tenantId()).param("kind", r.kind()).param("url", r.url())
        .param("username", r.username()).param("password", r.passwordSealed()).param("readOnly", r.readOnly())
        .param("createdBy", createdBy).param("now", utc(now))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  void update(long id, Row r, Instant now) {
    jdbc.sql("""
        update agent_db_connections set name = :name, description = :description, project_id = :project,
          org_id = :org, tenant_id = :tenant, kind = :kind, url = :url, username = :username,
          password_sealed = :password, read_only = :readOnly, updated_at = :now
        where id = :id""")
        .param("name", r.name()).param("description", r.description()).param("project", r.projectId())
        .param("org", r.orgId()).param("tenant", r.tenantId()).param("kind", r.kind()).param("url", r.url())
        .param("username", r.username()).param("password", r.passwordSealed()).param("readOnly", r.readOnly())
        .param("now", utc(now)).param("id", id).update();
  }

  void delete(long id) {
    jdbc.sql("delete from agent_db_connections where id = :id").param("id", id).update();
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  private DbConnection map(ResultSet rs, int n) throws SQLException {
    return new DbConnection(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
        rs.getLong("project_id"), rs.getString("project_code"), rs.getLong("org_id"), rs.getLong("tenant_id"),
        rs.getString("kind"), rs.getString("url"), rs.getString("username"), rs.getString("password_sealed") != null,
        rs.getBoolean("read_only"), rs.getLong("created_by"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }
}
