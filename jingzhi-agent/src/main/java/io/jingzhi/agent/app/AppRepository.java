package io.jingzhi.agent.app;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.jingzhi.common.error.ApiException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores apps and their catalog counters; project, org and publisher names are read alongside. */
@Repository
public class AppRepository {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final String SELECT = """
      select a.*, (select p.code from iam_projects p where p.id = a.project_id) as project_code,
        (select o.name from iam_orgs o where o.id = a.org_id) as org_name,
        (select u.display_name from iam_users u where u.id = a.published_by) as publisher,
        (select count(*) from agent_app_favourites f where f.app_id = a.id) as favourite_count
      from agent_apps a""";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public AppRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** What a new app stores. */
  public record NewApp(String code, String name, String type, String description, List<String> tags, String icon,
      long projectId, long orgId, long tenantId, String sharing, long createdBy) {}

  public Optional<App> find(long id) {
    return jdbc.sql(SELECT + " where a.id = :id").param("id", id).query(this::map).optional();
  }

  public Optional<App> findByCode(String code) {
    return jdbc.sql(SELECT + " where a.code = :c").param("c", code).query(this::map).optional();
  }

  /**
   * Candidates for a caller's listing: every app of the tenant and every app shared beyond it (the sharing rules
   * then decide); all apps when {@code tenantId} is null (platform administrators).
   */
  public List<App> candidates(Long tenantId, boolean publishedOnly, String type) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (tenantId != null) {
      where.append(" and (a.tenant_id = :t or a.sharing = 'global')");
      params.put("t", tenantId);
    }
    if (publishedOnly) {
      where.append(" and a.published_version is not null");
    }
    if (type != null) {
      where.append(" and a.type = :type");
      params.put("type", type);
    }
    return jdbc.sql(SELECT + where + " order by a.id desc").params(params).query(this::map).list();
  }

  public long insert(NewApp a, Instant now) {
    var keys = new GeneratedKeyHolder();
    try {
      insert(a, now, keys);
    } catch (DuplicateKeyException e) {
      // Two creations of the same code at once: the database decides.
      throw ApiException.conflict("app.code_taken", "An app with the code " + a.code() + " exists");
    }
    return keys.getKey().longValue();
  }

  private void insert(NewApp a, Instant now, GeneratedKeyHolder keys) {
    jdbc.sql("""
        insert into agent_apps (code, name, type, description, tags, icon, project_id, org_id, tenant_id, sharing,
          created_by, created_at, updated_at, draft_updated_at)
        values (:code, :name, :type, :description, :tags, :icon, :project, :org, :tenant, :sharing, :by, :now,
          :now, :now)""")
        .param("code", a.code()).param("name", a.name()).param("type", a.type())
        .param("description", a.description()).param("tags", json.writeValueAsString(a.tags()))
        .param("icon", a.icon()).param("project", a.projectId()).param("org", a.orgId())
        .param("tenant", a.tenantId()).param("sharing", a.sharing()).param("by", a.createdBy())
        .param("now", Sql.ts(now)).update(keys, "id");
  }

  public void update(long id, String name, String description, List<String> tags, String icon, String sharing,
      Instant now) {
    jdbc.sql("""
        update agent_apps set name = :name, description = :description, tags = :tags, icon = :icon,
          sharing = :sharing, updated_at = :now where id = :id""")
        .param("name", name).param("description", description).param("tags", json.writeValueAsString(tags))
        .param("icon", icon).param("sharing", sharing).param("now", Sql.ts(now)).param("id", id).update();
  }

  public void draftChanged(long id, Instant now) {
    jdbc.sql("update agent_apps set draft_updated_at = :now where id = :id").param("now", Sql.ts(now))
        .param("id", id).update();
  }

  public void published(long id, int version, long by, Instant at) {
    jdbc.sql("""
        update agent_apps set published_version = :v, published_by = :by, published_at = :at, updated_at = :at
        where id = :id""")
        .param("v", version).param("by", by).param("at", Sql.ts(at)).param("id", id).update();
  }

  public void delete(long id) {
    jdbc.sql("delete from agent_apps where id = :id").param("id", id).update();
  }

  /** Counts one more of {@code counter} (views, uses or copies): a single update, safe under concurrency. */
  public void count(long id, Counter counter) {
    jdbc.sql("update agent_apps set " + counter.column + " = " + counter.column + " + 1 where id = :id")
        .param("id", id).update();
  }

  /** The catalog counters. */
  public enum Counter {
    VIEWS("views"), USES("uses"), COPIES("copies");

    private final String column;

    Counter(String column) {
      this.column = column;
    }
  }

  public boolean favourite(long appId, long userId, Instant now) {
    if (isFavourite(appId, userId)) {
      return false;
    }
    jdbc.sql("insert into agent_app_favourites (app_id, user_id, created_at) values (:a, :u, :now)")
        .param("a", appId).param("u", userId).param("now", Sql.ts(now)).update();
    return true;
  }

  public boolean unfavourite(long appId, long userId) {
    return jdbc.sql("delete from agent_app_favourites where app_id = :a and user_id = :u").param("a", appId)
        .param("u", userId).update() > 0;
  }

  public boolean isFavourite(long appId, long userId) {
    return jdbc.sql("select count(*) from agent_app_favourites where app_id = :a and user_id = :u")
        .param("a", appId).param("u", userId).query(Long.class).single() > 0;
  }

  public Set<Long> favouritesOf(long userId) {
    return Set.copyOf(jdbc.sql("select app_id from agent_app_favourites where user_id = :u").param("u", userId)
        .query(Long.class).list());
  }

  private App map(ResultSet rs, int row) throws SQLException {
    return new App(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getString("type"),
        rs.getString("description"), json.readValue(rs.getString("tags"), STRINGS), rs.getString("icon"),
        rs.getLong("project_id"), rs.getString("project_code"), rs.getLong("org_id"), rs.getString("org_name"),
        rs.getLong("tenant_id"), rs.getString("sharing"), Sql.nullableInt(rs, "published_version"),
        Sql.instant(rs, "published_at"), Sql.nullableLong(rs, "published_by"), rs.getString("publisher"),
        rs.getLong("views"), rs.getLong("uses"), rs.getLong("favourite_count"), rs.getLong("copies"),
        rs.getLong("created_by"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"),
        Sql.instant(rs, "draft_updated_at"), false, false);
  }
}
