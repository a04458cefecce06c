package io.jingzhi.iam.apikey;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** API keys by app, by id and by hash. */
@Repository
public class ApiKeyRepository {

  private static final String COLUMNS = "id, app_id, name, prefix, key_hash, models, rpm, tpm, concurrency,"
      + " expires_at, revoked_at, last_used_at, created_by, created_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public ApiKeyRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public List<ApiKey> byApp(long appId) {
    return jdbc.sql("select " + COLUMNS + " from iam_api_keys where app_id = :a order by id desc").param("a", appId)
        .query(this::map).list();
  }

  public Optional<ApiKey> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from iam_api_keys where id = :id").param("id", id).query(this::map)
        .optional();
  }

  public Optional<ApiKey> findByHash(String hash) {
    return jdbc.sql("select " + COLUMNS + " from iam_api_keys where key_hash = :h").param("h", hash)
        .query(this::map).optional();
  }

  public Optional<ApiKey> findByName(long appId, String name) {
    return jdbc.sql("select " + COLUMNS + " from iam_api_keys where app_id = :a and name = :n and revoked_at is null")
        .param("a", appId).param("n", name).query(this::map).optional();
  }

  /** Every key of an app with this name, revoked ones included, newest first. */
  public List<ApiKey> allByName(long appId, String name) {
    return jdbc.sql("select " + COLUMNS + " from iam_api_keys where app_id = :a and name = :n order by id desc")
        .param("a", appId).param("n", name).query(this::map).list();
  }

  /** Changes what a key may do: its models, limits and expiry. */
  public void updateGrants(long id, List<String> models, ApiKey.Limits limits, Instant expiresAt) {
    jdbc.sql("""
        update iam_api_keys set models = :models, rpm = :rpm, tpm = :tpm, concurrency = :conc, expires_at = :exp
        where id = :id""")
        .param("models", json.writeValueAsString(models)).param("rpm", limits.rpm()).param("tpm", limits.tpm())
        .param("conc", limits.concurrency()).param("exp", Sql.ts(expiresAt)).param("id", id).update();
  }

  /** The user the key counts as created by (an app run started with it acts for them). */
  public void updateCreator(long id, long userId) {
    jdbc.sql("update iam_api_keys set created_by = :by where id = :id").param("by", userId).param("id", id).update();
  }

  public long activeCount(long appId, Instant now) {
    return jdbc.sql("select count(*) from iam_api_keys where app_id = :a and revoked_at is null"
            + " and (expires_at is null or expires_at > :now)")
        .param("a", appId).param("now", Sql.ts(now)).query(Long.class).single();
  }

  public long insert(long appId, String name, String prefix, String hash, List<String> models, ApiKey.Limits limits,
      Instant expiresAt, Long createdBy, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into iam_api_keys (app_id, name, prefix, key_hash, models, rpm, tpm, concurrency, expires_at,
          created_by, created_at)
        values (:app, :name, :prefix, :hash, :models, :rpm, :tpm, :conc, :exp, :by, :now)""")
        .param("app", appId).param("name", name).param("prefix", prefix).param("hash", hash)
        .param("models", json.writeValueAsString(models)).param("rpm", limits.rpm()).param("tpm", limits.tpm())
        .param("conc", limits.concurrency()).param("exp", Sql.ts(expiresAt)).param("by", createdBy)
        .param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  public void revoke(long id, Instant now) {
    jdbc.sql("update iam_api_keys set revoked_at = :now where id = :id and revoked_at is null").param("now", Sql.ts(now))
        .param("id", id).update();
  }

  public void touch(Map<Long, Instant> lastUsed) {
    lastUsed.forEach((id, at) -> jdbc.sql("""
            update iam_api_keys set last_used_at = :at where id = :id and (last_used_at is null or last_used_at < :at)""")
        .param("at", Sql.ts(at)).param("id", id).update());
  }

  private ApiKey map(ResultSet rs, int row) throws SQLException {
    List<String> models = json.readValue(rs.getString("models"), new TypeReference<List<String>>() {});
    return new ApiKey(rs.getLong("id"), rs.getLong("app_id"), rs.getString("name"), rs.getString("prefix"),
        rs.getString("key_hash"), models,
        new ApiKey.Limits(Sql.nullableInt(rs, "rpm"), Sql.nullableInt(rs, "tpm"), Sql.nullableInt(rs, "concurrency")),
        Sql.instant(rs, "expires_at"), Sql.instant(rs, "revoked_at"), Sql.instant(rs, "last_used_at"),
        Sql.nullableLong(rs, "created_by"), Sql.instant(rs, "created_at"));
  }
}
