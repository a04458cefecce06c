package io.jingzhi.iam.group;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** User groups and their members. */
@Repository
public class GroupRepository {

  private static final String SELECT = "select g.id, g.name, g.description, g.org_id, g.created_at,"
      + " (select count(*) from iam_group_members m where m.group_id = g.id) as member_count"
      + " from iam_groups g join iam_orgs o on o.id = g.org_id";

  private final JdbcClient jdbc;

  public GroupRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<Group> list(Long tenantId) {
    return (tenantId == null ? jdbc.sql(SELECT + " order by g.name")
        : jdbc.sql(SELECT + " where o.tenant_id = :t order by g.name").param("t", tenantId)).query(this::map).list();
  }

  public Optional<Group> find(long id) {
    return jdbc.sql(SELECT + " where g.id = :id").param("id", id).query(this::map).optional();
  }

  public boolean nameTaken(long orgId, String name, long exceptId) {
    return jdbc.sql("select count(*) from iam_groups where org_id = :o and lower(name) = lower(:n) and id <> :id")
        .param("o", orgId).param("n", name).param("id", exceptId).query(Long.class).single() > 0;
  }

  public long insert(String name, String description, long orgId, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("insert into iam_groups (name, description, org_id, created_at) values (:n, :d, :o, :now)")
        .param("n", name).param("d", description).param("o", orgId).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  public void update(long id, String name, String description) {
    jdbc.sql("update iam_groups set name = :n, description = :d where id = :id").param("n", name)
        .param("d", description).param("id", id).update();
  }

  public void delete(long id) {
    jdbc.sql("delete from iam_groups where id = :id").param("id", id).update();
  }

  /** A member as the group page lists it. */
  public record Member(long id, String username, String displayName) {}

  public List<Member> members(long groupId) {
    return jdbc.sql("""
        select u.id, u.username, u.display_name from iam_group_members m join iam_users u on u.id = m.user_id
        where m.group_id = :g order by u.username""")
        .param("g", groupId).query((rs, i) -> new Member(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
  }

  public void replaceMembers(long groupId, Collection<Long> userIds) {
    jdbc.sql("delete from iam_group_members where group_id = :g").param("g", groupId).update();
    for (Long userId : userIds) {
      jdbc.sql("insert into iam_group_members (group_id, user_id) values (:g, :u)").param("g", groupId)
          .param("u", userId).update();
    }
  }

  /** Tenants of the given users' orgs, to check that members come from the group's tenant. */
  public List<Long> tenantsOfUsers(Collection<Long> userIds) {
    if (userIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select distinct o.tenant_id from iam_users u join iam_orgs o on o.id = u.org_id"
        + " where u.id in (:ids)").param("ids", userIds).query(Long.class).list();
  }

  public long countUsers(Collection<Long> userIds) {
    if (userIds.isEmpty()) {
      return 0;
    }
    return jdbc.sql("select count(*) from iam_users where id in (:ids)").param("ids", userIds).query(Long.class)
        .single();
  }

  private Group map(ResultSet rs, int row) throws SQLException {
    return new Group(rs.getLong("id"), rs.getString("name"), rs.getString("description"), rs.getLong("org_id"),
        rs.getInt("member_count"), Sql.instant(rs, "created_at"));
  }
}
