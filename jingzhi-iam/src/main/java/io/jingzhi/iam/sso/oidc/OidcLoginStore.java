package io.jingzhi.iam.sso.oidc;

import io.jingzhi.common.db.Sql;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sign-ins started and not yet finished. Kept in the database, not in memory, so the callback may reach any
 * replica, and deleted on use so each state works once.
 */
@Repository
class OidcLoginStore {

  private final JdbcClient jdbc;

  OidcLoginStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** What the callback needs to finish a sign-in. */
  record Pending(String providerId, String nonce, String codeVerifier, String browserHash, String redirectUri,
      Instant expiresAt) {}

  void save(String stateHash, Pending p) {
    jdbc.sql("""
        insert into iam_oidc_logins (state_hash, provider_id, nonce, code_verifier, browser_hash, redirect_uri,
          expires_at) values (:state, :provider, :nonce, :verifier, :browser, :redirect, :expires)""")
        .param("state", stateHash).param("provider", p.providerId()).param("nonce", p.nonce())
        .param("verifier", p.codeVerifier()).param("browser", p.browserHash()).param("redirect", p.redirectUri())
        .param("expires", Sql.ts(p.expiresAt())).update();
  }

  Optional<Pending> find(String stateHash) {
    return jdbc.sql("""
        select provider_id, nonce, code_verifier, browser_hash, redirect_uri, expires_at from iam_oidc_logins
        where state_hash = :state""")
        .param("state", stateHash)
        .query((rs, i) -> new Pending(rs.getString("provider_id"), rs.getString("nonce"),
            rs.getString("code_verifier"), rs.getString("browser_hash"), rs.getString("redirect_uri"),
            Sql.instant(rs, "expires_at")))
        .optional();
  }

  /** True for exactly one caller per state, however many callbacks race. */
  boolean consume(String stateHash) {
    return jdbc.sql("delete from iam_oidc_logins where state_hash = :state").param("state", stateHash).update() == 1;
  }

  long countLive(Instant now) {
    return jdbc.sql("select count(*) from iam_oidc_logins where expires_at >= :now").param("now", Sql.ts(now))
        .query(Long.class).single();
  }

  int purgeExpired(Instant now) {
    return jdbc.sql("delete from iam_oidc_logins where expires_at < :now").param("now", Sql.ts(now)).update();
  }
}
