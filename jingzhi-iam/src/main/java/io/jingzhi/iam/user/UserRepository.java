package io.jingzhi.iam.user;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Accounts, their password history and login counters. */
@Repository
public class UserRepository {

  private static final String COLUMNS = "u.id, u.username, u.display_name, u.phone, u.email, u.org_id, u.password_hash,"
      + " u.password_changed_at, u.must_change_password, u.enabled, u.expires_at, u.failed_attempts, u.locked_until,"
      + " u.source, u.external_id, u.last_login_at, u.created_at, u.updated_at";

  private final JdbcClient jdbc;

  public UserRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<User> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from iam_users u where u.id = :id").param("id", id).query(this::map)
        .optional();
  }

  public Optional<User> findByUsername(String username) {
    return jdbc.sql("select " + COLUMNS + " from iam_users u where lower(u.username) = lower(:n)")
        .param("n", username).query(this::map).optional();
  }

  public Optional<User> findByExternalId(String source, String externalId) {
    return jdbc.sql("select " + COLUMNS + " from iam_users u where u.source = :s and u.external_id = :e")
        .param("s", source).param("e", externalId).query(this::map).optional();
  }

  /** Search within a tenant (null: all tenants), an org (null: any) and a text (username, name, phone, email). */
  public PageResult<User> search(Long tenantId, Long orgId, String text, PageQuery page) {
    StringBuilder where = new StringBuilder(" from iam_users u join iam_orgs o on o.id = u.org_id where 1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (tenantId != null) {
      where.append(" and o.tenant_id = :tenant");
      params.put("tenant", tenantId);
    }
    if (orgId != null) {
      where.append(" and u.org_id = :org");
      params.put("org", orgId);
    }
    if (text != null && !text.isBlank()) {
      where.append(" and (lower(u.username) like lower(:q) escape '\\' or lower(u.display_name) like lower(:q)"
          + " escape '\\' or u.phone like :q escape '\\' or lower(u.email) like lower(:q) escape '\\')");
      params.put("q", Sql.likeContains(text.strip()));
    }
    long total = jdbc.sql("select count(*)" + where).params(params).query(Long.class).single();
    List<User> items = jdbc.sql("select " + COLUMNS + where + " order by u.id limit :limit offset :offset")
        .params(params).param("limit", page.size()).param("offset", page.offset()).query(this::map).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  public long insert(User u) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into iam_users (username, display_name, phone, email, org_id, password_hash, password_changed_at,
          must_change_password, enabled, expires_at, source, external_id, created_at, updated_at)
        values (:username, :displayName, :phone, :email, :org, :hash, :changed, :mustChange, :enabled, :expires,
          :source, :ext, :now, :now)""")
        .param("username", u.username()).param("displayName", u.displayName()).param("phone", u.phone())
        .param("email", u.email()).param("org", u.orgId()).param("hash", u.passwordHash())
        .param("changed", Sql.ts(u.passwordChangedAt())).param("mustChange", u.mustChangePassword())
        .param("enabled", u.enabled()).param("expires", Sql.ts(u.expiresAt())).param("source", u.source())
        .param("ext", u.externalId()).param("now", Sql.ts(u.createdAt()))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  public void updateProfile(long id, String displayName, String phone, String email, long orgId, Instant expiresAt,
      boolean enabled, Instant now) {
    jdbc.sql("""
        update iam_users set display_name = :dn, phone = :phone, email = :email, org_id = :org, expires_at = :exp,
          enabled = :enabled, updated_at = :now where id = :id""")
        .param("dn", displayName).param("phone", phone).param("email", email).param("org", orgId)
        .param("exp", Sql.ts(expiresAt)).param("enabled", enabled).param("now", Sql.ts(now)).param("id", id)
        .update();
  }

  public void updatePassword(long id, String hash, boolean mustChange, Instant now) {
    jdbc.sql("""
        update iam_users set password_hash = :hash, password_changed_at = :now, must_change_password = :must,
          failed_attempts = 0, locked_until = null, updated_at = :now where id = :id""")
        .param("hash", hash).param("must", mustChange).param("now", Sql.ts(now)).param("id", id).update();
    jdbc.sql("insert into iam_password_history (user_id, password_hash, created_at) values (:id, :hash, :now)")
        .param("id", id).param("hash", hash).param("now", Sql.ts(now)).update();
  }

  public List<String> recentPasswordHashes(long id, int count) {
    if (count <= 0) {
      return List.of();
    }
    return jdbc.sql("select password_hash from iam_password_history where user_id = :id order by id desc limit :n")
        .param("id", id).param("n", count).query(String.class).list();
  }

  public void recordFailure(long id, int attempts, Instant lockedUntil) {
    jdbc.sql("update iam_users set failed_attempts = :n, locked_until = :until where id = :id")
        .param("n", attempts).param("until", Sql.ts(lockedUntil)).param("id", id).update();
  }

  public void recordLogin(long id, Instant now) {
    jdbc.sql("update iam_users set failed_attempts = 0, locked_until = null, last_login_at = :now where id = :id")
        .param("now", Sql.ts(now)).param("id", id).update();
  }

  public void unlock(long id, Instant now) {
    jdbc.sql("update iam_users set failed_attempts = 0, locked_until = null, updated_at = :now where id = :id")
        .param("now", Sql.ts(now)).param("id", id).update();
  }

  public Map<Long, String> orgNames(List<Long> orgIds) {
    Map<Long, String> names = new HashMap<>();
    if (!orgIds.isEmpty()) {
      jdbc.sql("select id, name from iam_orgs where id in (:ids)").param("ids", orgIds)
          .query(rs -> {
            names.put(rs.getLong(1), rs.getString(2));
          });
    }
    return names;
  }

  private User map(ResultSet rs, int row) throws SQLException {
    return new User(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"), rs.getString("phone"),
        rs.getString("email"), rs.getLong("org_id"), rs.getString("password_hash"),
        Sql.instant(rs, "password_changed_at"), rs.getBoolean("must_change_password"), rs.getBoolean("enabled"),
        Sql.instant(rs, "expires_at"), rs.getInt("failed_attempts"), Sql.instant(rs, "locked_until"),
        rs.getString("source"), rs.getString("external_id"), Sql.instant(rs, "last_login_at"),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }
}
