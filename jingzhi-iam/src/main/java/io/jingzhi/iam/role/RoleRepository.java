package io.jingzhi.iam.role;

import io.jingzhi.common.db.Sql;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Roles, their permissions and who holds them. */
@Repository
public class RoleRepository {

  private final JdbcClient jdbc;

  public RoleRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<Role> all() {
    Map<String, Set<String>> perms = new HashMap<>();
    jdbc.sql("select role_code, permission from iam_role_permissions").query(rs -> {
      perms.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
    });
    return jdbc.sql("select code, name, description, builtin from iam_roles order by builtin desc, code")
        .query((rs, i) -> new Role(rs.getString("code"), rs.getString("name"), rs.getString("description"),
            rs.getBoolean("builtin"), perms.getOrDefault(rs.getString("code"), Set.of())))
        .list();
  }

  public Optional<Role> find(String code) {
    return all().stream().filter(r -> r.code().equals(code)).findFirst();
  }

  public boolean nameTaken(String name, String exceptCode) {
    return jdbc.sql("select count(*) from iam_roles where lower(name) = lower(:name) and code <> :code")
        .param("name", name).param("code", exceptCode == null ? "" : exceptCode).query(Long.class).single() > 0;
  }

  public void insert(Role role, Instant now) {
    jdbc.sql("insert into iam_roles (code, name, description, builtin, created_at) values (:c, :n, :d, :b, :now)")
        .param("c", role.code()).param("n", role.name()).param("d", role.description()).param("b", role.builtin())
        .param("now", Sql.ts(now)).update();
    replacePermissions(role.code(), role.permissions());
  }

  public void update(Role role) {
    jdbc.sql("update iam_roles set name = :n, description = :d, builtin = :b where code = :c")
        .param("c", role.code()).param("n", role.name()).param("d", role.description()).param("b", role.builtin())
        .update();
    replacePermissions(role.code(), role.permissions());
  }

  public void delete(String code) {
    jdbc.sql("delete from iam_roles where code = :c").param("c", code).update();
  }

  public long holders(String code) {
    return jdbc.sql("select count(*) from iam_user_roles where role_code = :c").param("c", code).query(Long.class)
        .single();
  }

  public Set<String> rolesOf(long userId) {
    return new TreeSet<>(jdbc.sql("select role_code from iam_user_roles where user_id = :u").param("u", userId)
        .query(String.class).list());
  }

  public Map<Long, Set<String>> rolesOf(Collection<Long> userIds) {
    Map<Long, Set<String>> result = new LinkedHashMap<>();
    if (userIds.isEmpty()) {
      return result;
    }
    jdbc.sql("select user_id, role_code from iam_user_roles where user_id in (:ids)").param("ids", userIds)
        .query(rs -> {
          result.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getString(2));
        });
    return result;
  }

  public Set<String> permissionsOf(Collection<String> roles) {
    if (roles.isEmpty()) {
      return Set.of();
    }
    return new TreeSet<>(jdbc.sql("select distinct permission from iam_role_permissions where role_code in (:r)")
        .param("r", roles).query(String.class).list());
  }

  public void replaceUserRoles(long userId, Collection<String> roles) {
    jdbc.sql("delete from iam_user_roles where user_id = :u").param("u", userId).update();
    for (String role : roles) {
      jdbc.sql("insert into iam_user_roles (user_id, role_code) values (:u, :r)").param("u", userId)
          .param("r", role).update();
    }
  }

  private void replacePermissions(String code, Set<String> permissions) {
    jdbc.sql("delete from iam_role_permissions where role_code = :c").param("c", code).update();
    for (String p : permissions) {
      jdbc.sql("insert into iam_role_permissions (role_code, permission) values (:c, :p)").param("c", code)
          .param("p", p).update();
    }
  }
}
