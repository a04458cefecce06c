package io.jingzhi.iam.org;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Stores the organization tree with materialized paths ({@code /1/5/9/}). */
@Repository
public class OrgRepository {

  private static final String COLUMNS = "id, code, name, parent_id, path, depth, tenant, tenant_id, enabled, source,"
      + " external_id, created_at, updated_at";

  private final JdbcClient jdbc;

  public OrgRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Org> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from iam_orgs where id = :id").param("id", id).query(this::map).optional();
  }

  public Optional<Org> findByCode(String code) {
    return jdbc.sql("select " + COLUMNS + " from iam_orgs where code = :code").param("code", code)
        .query(this::map).optional();
  }

  public Optional<Org> findByExternalId(String source, String externalId) {
    return jdbc.sql("select " + COLUMNS + " from iam_orgs where source = :source and external_id = :ext")
        .param("source", source).param("ext", externalId).query(this::map).optional();
  }

  public Org root() {
    return jdbc.sql("select " + COLUMNS + " from iam_orgs where parent_id is null order by id").query(this::map)
        .list().getFirst();
  }

  public List<Org> all() {
    return jdbc.sql("select " + COLUMNS + " from iam_orgs order by depth, name").query(this::map).list();
  }

  public List<Org> inTenant(long tenantId) {
    return jdbc.sql("select " + COLUMNS + " from iam_orgs where tenant_id = :t order by depth, name")
        .param("t", tenantId).query(this::map).list();
  }

  public List<Org> subtree(Org top) {
    return jdbc.sql("select " + COLUMNS + " from iam_orgs where path like :p order by depth")
        .param("p", top.path() + "%").query(this::map).list();
  }

  public long insert(String code, String name, Org parent, boolean tenant, String source, String externalId,
      Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into iam_orgs (code, name, parent_id, path, depth, tenant, tenant_id, enabled, source, external_id,
          created_at, updated_at)
        values (:code, :name, :parent, :path, :depth, :tenant, :tenantId, true, :source, :ext, :now, :now)""")
        .param("code", code).param("name", name).param("parent", parent.id()).param("path", parent.path())
        .param("depth", parent.depth() + 1).param("tenant", tenant).param("tenantId", parent.tenantId())
        .param("source", source).param("ext", externalId).param("now", Sql.ts(now))
        .update(keys, "id");
    long id = keys.getKey().longValue();
    jdbc.sql("update iam_orgs set path = :path, tenant_id = :tenantId where id = :id")
        .param("path", parent.path() + id + "/").param("tenantId", tenant ? id : parent.tenantId()).param("id", id)
        .update();
    return id;
  }

  public void update(long id, String name, boolean enabled, Instant now) {
    jdbc.sql("update iam_orgs set name = :name, enabled = :enabled, updated_at = :now where id = :id")
        .param("name", name).param("enabled", enabled).param("now", Sql.ts(now)).param("id", id).update();
  }

  public void place(long id, Long parentId, String path, int depth, boolean tenant, long tenantId, Instant now) {
    jdbc.sql("""
        update iam_orgs set parent_id = :parent, path = :path, depth = :depth, tenant = :tenant, tenant_id = :tenantId,
          updated_at = :now where id = :id""")
        .param("parent", parentId).param("path", path).param("depth", depth).param("tenant", tenant)
        .param("tenantId", tenantId).param("now", Sql.ts(now)).param("id", id).update();
  }

  public void delete(long id) {
    jdbc.sql("delete from iam_orgs where id = :id").param("id", id).update();
  }

  /** What still hangs on an org, in words, or an empty list when it may be deleted. */
  public List<String> dependents(long id) {
    return jdbc.sql("""
        select 'child organizations' as what, count(*) as n from iam_orgs where parent_id = :id
        union all select 'users', count(*) from iam_users where org_id = :id
        union all select 'groups', count(*) from iam_groups where org_id = :id
        union all select 'projects', count(*) from iam_projects where org_id = :id""")
        .param("id", id)
        .query((rs, i) -> rs.getLong("n") > 0 ? rs.getLong("n") + " " + rs.getString("what") : null)
        .list().stream().filter(s -> s != null).toList();
  }

  /** True when the org or one of its ancestors is disabled. */
  public boolean disabledOnPath(long orgId) {
    Org org = find(orgId).orElse(null);
    if (org == null) {
      return true;
    }
    List<Long> ids = java.util.Arrays.stream(org.path().split("/")).filter(s -> !s.isEmpty()).map(Long::valueOf)
        .toList();
    return jdbc.sql("select count(*) from iam_orgs where enabled = false and id in (:ids)").param("ids", ids)
        .query(Long.class).single() > 0;
  }

  private Org map(ResultSet rs, int row) throws SQLException {
    return new Org(rs.getLong("id"), rs.getString("code"), rs.getString("name"), Sql.nullableLong(rs, "parent_id"),
        rs.getString("path"), rs.getInt("depth"), rs.getBoolean("tenant"), rs.getLong("tenant_id"),
        rs.getBoolean("enabled"), rs.getString("source"), rs.getString("external_id"), Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }
}
