package io.jingzhi.iam.auth;

import io.jingzhi.common.db.Sql;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Stored sessions. */
@Repository
class SessionRepository {

  private final JdbcClient jdbc;

  SessionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insert(String tokenHash, long userId, Instant now, Instant expiresAt, String ip, String userAgent) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into iam_sessions (token_hash, user_id, created_at, last_seen_at, expires_at, source_ip, user_agent)
        values (:h, :u, :now, :now, :exp, :ip, :ua)""")
        .param("h", tokenHash).param("u", userId).param("now", Sql.ts(now)).param("exp", Sql.ts(expiresAt))
        .param("ip", ip).param("ua", userAgent).update(keys, "id");
    return keys.getKey().longValue();
  }

  Optional<Session> findByHash(String tokenHash) {
    return jdbc.sql("select id, user_id, created_at, last_seen_at, expires_at, revoked_at from iam_sessions"
            + " where token_hash = :h").param("h", tokenHash)
        .query((rs, i) -> new Session(rs.getLong(1), rs.getLong(2), Sql.instant(rs, "created_at"),
            Sql.instant(rs, "last_seen_at"), Sql.instant(rs, "expires_at"), Sql.instant(rs, "revoked_at")))
        .optional();
  }

  void revoke(long id, Instant now) {
    jdbc.sql("update iam_sessions set revoked_at = :now where id = :id and revoked_at is null")
        .param("now", Sql.ts(now)).param("id", id).update();
  }

  List<Long> revokeAllOf(long userId, Instant now) {
    List<Long> ids = jdbc.sql("select id from iam_sessions where user_id = :u and revoked_at is null")
        .param("u", userId).query(Long.class).list();
    jdbc.sql("update iam_sessions set revoked_at = :now where user_id = :u and revoked_at is null")
        .param("now", Sql.ts(now)).param("u", userId).update();
    return ids;
  }

  void touch(Map<Long, Instant> lastSeen) {
    lastSeen.forEach((id, at) -> jdbc.sql(
            "update iam_sessions set last_seen_at = :at where id = :id and last_seen_at < :at")
        .param("at", Sql.ts(at)).param("id", id).update());
  }

  void deleteEndedBefore(Instant cutoff) {
    jdbc.sql("delete from iam_sessions where expires_at < :c or revoked_at < :c").param("c", Sql.ts(cutoff)).update();
  }
}
