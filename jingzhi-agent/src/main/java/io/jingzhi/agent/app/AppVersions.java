package io.jingzhi.agent.app;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.jingzhi.common.error.ApiException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stores the draft (version 0) and the published versions of apps. */
@Repository
public class AppVersions {

  private static final String SELECT = """
      select v.*, (select u.display_name from iam_users u where u.id = v.published_by) as publisher
      from agent_app_versions v""";

  private final JdbcClient jdbc;

  public AppVersions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<AppVersion> find(long appId, int version) {
    return jdbc.sql(SELECT + " where v.app_id = :a and v.version = :v").param("a", appId).param("v", version)
        .query(this::map).optional();
  }

  /** The published versions, newest first. */
  public List<AppVersion> published(long appId) {
    return jdbc.sql(SELECT + " where v.app_id = :a and v.version > 0 order by v.version desc").param("a", appId)
        .query(this::map).list();
  }

  /** Writes the draft, replacing the one stored. */
  public void saveDraft(long appId, String format, String definition, String assistant, Instant now) {
    int updated = jdbc.sql("""
        update agent_app_versions set format = :f, definition = :d, assistant = :as, updated_at = :now
        where app_id = :a and version = 0""")
        .param("f", format).param("d", definition).param("as", assistant).param("now", Sql.ts(now))
        .param("a", appId).update();
    if (updated == 0) {
      jdbc.sql("""
          insert into agent_app_versions (app_id, version, format, definition, assistant, updated_at)
          values (:a, 0, :f, :d, :as, :now)""")
          .param("a", appId).param("f", format).param("d", definition).param("as", assistant)
          .param("now", Sql.ts(now)).update();
    }
  }

  /** Freezes content as the next version; answers its number. */
  public int publish(long appId, String format, String definition, String assistant, String note, long by,
      Instant now) {
    int next = jdbc.sql("select coalesce(max(version), 0) + 1 from agent_app_versions where app_id = :a")
        .param("a", appId).query(Integer.class).single();
    try {
      jdbc.sql("""
          insert into agent_app_versions (app_id, version, format, definition, assistant, note, published_by,
            published_at, updated_at)
          values (:a, :v, :f, :d, :as, :note, :by, :now, :now)""")
          .param("a", appId).param("v", next).param("f", format).param("d", definition).param("as", assistant)
          .param("note", note).param("by", by).param("now", Sql.ts(now)).update();
    } catch (DuplicateKeyException e) {
      throw ApiException.conflict("app.publish_conflict", "Another publication of this app happened at the same"
          + " time; publish again");
    }
    return next;
  }

  private AppVersion map(ResultSet rs, int row) throws SQLException {
    return new AppVersion(rs.getLong("app_id"), rs.getInt("version"), rs.getString("format"),
        rs.getString("definition"), rs.getString("assistant"), rs.getString("note"),
        Sql.nullableLong(rs, "published_by"), rs.getString("publisher"), Sql.instant(rs, "published_at"),
        Sql.instant(rs, "updated_at"));
  }
}
