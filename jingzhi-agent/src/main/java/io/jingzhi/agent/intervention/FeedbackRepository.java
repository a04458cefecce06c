package io.jingzhi.agent.intervention;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Feedback on runs ({@code agent_feedback}). */
@Repository
class FeedbackRepository {

  private static final String SELECT = "select id, run_id, user_id, rating, comment, corrected_answer, query, answer,"
      + " status, qa_id, created_at from agent_feedback";

  private final JdbcClient jdbc;

  FeedbackRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insert(RunLookup.Run run, long userId, Specs.FeedbackSpec s, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into agent_feedback (run_id, app_id, tenant_id, user_id, rating, comment, corrected_answer, query,
          answer, status, created_at)
        values (:run, :app, :tenant, :user, :rating, :comment, :corrected, :query, :answer, 'new', :now)""")
        .param("run", run.id()).param("app", run.appId()).param("tenant", run.tenantId()).param("user", userId)
        .param("rating", s.rating()).param("comment", s.comment()).param("corrected", s.correctedAnswer())
        .param("query", run.query()).param("answer", run.answer()).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  PageResult<Feedback> page(long appId, String rating, String status, PageQuery page) {
    StringBuilder where = new StringBuilder(" where app_id = :app");
    if (rating != null) {
      where.append(" and rating = :rating");
    }
    if (status != null) {
      where.append(" and status = :status");
    }
    var count = jdbc.sql("select count(*) from agent_feedback" + where).param("app", appId);
    var list = jdbc.sql(SELECT + where + " order by id desc limit :size offset :offset").param("app", appId);
    if (rating != null) {
      count = count.param("rating", rating);
      list = list.param("rating", rating);
    }
    if (status != null) {
      count = count.param("status", status);
      list = list.param("status", status);
    }
    long total = count.query(Long.class).single();
    List<Feedback> items = list.param("size", page.size()).param("offset", page.offset()).query(this::map).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  Optional<Feedback> find(long appId, long id) {
    return jdbc.sql(SELECT + " where app_id = :app and id = :id").param("app", appId).param("id", id)
        .query(this::map).optional();
  }

  void adopted(long id, long qaId) {
    jdbc.sql("update agent_feedback set status = 'adopted', qa_id = :qa where id = :id").param("qa", qaId)
        .param("id", id).update();
  }

  private Feedback map(ResultSet rs, int row) throws SQLException {
    return new Feedback(rs.getLong("id"), rs.getLong("run_id"), rs.getLong("user_id"), rs.getString("rating"),
        rs.getString("comment"), rs.getString("corrected_answer"), rs.getString("query"), rs.getString("answer"),
        rs.getString("status"), Sql.nullableLong(rs, "qa_id"), Sql.instant(rs, "created_at"));
  }
}
