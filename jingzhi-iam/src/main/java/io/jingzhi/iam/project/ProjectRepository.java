package io.jingzhi.iam.project;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Projects and their apps. */
@Repository
public class ProjectRepository {

  private static final String PROJECT = "select p.id, p.code, p.name, p.description, p.org_id, o.name as org_name,"
      + " p.created_at, p.updated_at from iam_projects p join iam_orgs o on o.id = p.org_id";
  private static final String APP = "select id, code, name, description, project_id, created_at, updated_at"
      + " from iam_apps";

  private final JdbcClient jdbc;

  public ProjectRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<Project> projects(Long tenantId) {
    return (tenantId == null ? jdbc.sql(PROJECT + " order by p.code")
        : jdbc.sql(PROJECT + " where o.tenant_id = :t order by p.code").param("t", tenantId))
        .query(this::mapProject).list();
  }

  public Optional<Project> project(long id) {
    return jdbc.sql(PROJECT + " where p.id = :id").param("id", id).query(this::mapProject).optional();
  }

  public Optional<Project> projectByCode(String code) {
    return jdbc.sql(PROJECT + " where p.code = :c").param("c", code).query(this::mapProject).optional();
  }

  public long insertProject(String code, String name, String description, long orgId, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into iam_projects (code, name, description, org_id, created_at, updated_at)
        values (:c, :n, :d, :o, :now, :now)""")
        .param("c", code).param("n", name).param("d", description).param("o", orgId).param("now", Sql.ts(now))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  public void updateProject(long id, String name, String description, Instant now) {
    jdbc.sql("update iam_projects set name = :n, description = :d, updated_at = :now where id = :id")
        .param("n", name).param("d", description).param("now", Sql.ts(now)).param("id", id).update();
  }

  public void deleteProject(long id) {
    jdbc.sql("delete from iam_projects where id = :id").param("id", id).update();
  }

  public long appCount(long projectId) {
    return jdbc.sql("select count(*) from iam_apps where project_id = :p").param("p", projectId).query(Long.class)
        .single();
  }

  public List<App> apps(long projectId) {
    return jdbc.sql(APP + " where project_id = :p order by code").param("p", projectId).query(this::mapApp).list();
  }

  public Optional<App> app(long id) {
    return jdbc.sql(APP + " where id = :id").param("id", id).query(this::mapApp).optional();
  }

  public Optional<App> appByCode(String code) {
    return jdbc.sql(APP + " where code = :c").param("c", code).query(this::mapApp).optional();
  }

  public long insertApp(String code, String name, String description, long projectId, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into iam_apps (code, name, description, project_id, created_at, updated_at)
        values (:c, :n, :d, :p, :now, :now)""")
        .param("c", code).param("n", name).param("d", description).param("p", projectId).param("now", Sql.ts(now))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  public void updateApp(long id, String name, String description, Instant now) {
    jdbc.sql("update iam_apps set name = :n, description = :d, updated_at = :now where id = :id")
        .param("n", name).param("d", description).param("now", Sql.ts(now)).param("id", id).update();
  }

  public void deleteApp(long id) {
    jdbc.sql("delete from iam_api_keys where app_id = :id").param("id", id).update();
    jdbc.sql("delete from iam_apps where id = :id").param("id", id).update();
  }

  private Project mapProject(ResultSet rs, int row) throws SQLException {
    return new Project(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getString("description"),
        rs.getLong("org_id"), rs.getString("org_name"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }

  private App mapApp(ResultSet rs, int row) throws SQLException {
    return new App(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getString("description"),
        rs.getLong("project_id"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }
}
