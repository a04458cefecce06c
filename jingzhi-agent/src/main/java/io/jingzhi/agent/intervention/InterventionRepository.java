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

/** Curated pairs, rules and settings of apps ({@code agent_qa_pairs}, {@code agent_intervention_*}). */
@Repository
class InterventionRepository {

  private static final String PAIR = "select id, question, answer, enabled, source, hits, created_at, updated_at"
      + " from agent_qa_pairs";
  private static final String RULE = "select id, name, match_kind, pattern, reply, priority, enabled, hits,"
      + " created_at, updated_at from agent_intervention_rules";

  private final JdbcClient jdbc;

  InterventionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  // settings

  InterventionSettings settings(long appId) {
    return jdbc.sql("select enabled, threshold from agent_intervention_settings where app_id = :app")
        .param("app", appId).query((rs, n) -> new InterventionSettings(rs.getBoolean(1), rs.getDouble(2)))
        .optional().orElse(InterventionSettings.DEFAULTS);
  }

  void saveSettings(long appId, long tenantId, InterventionSettings s, long by, Instant now) {
    int updated = jdbc.sql("""
        update agent_intervention_settings set enabled = :e, threshold = :t, updated_by = :by, updated_at = :now
        where app_id = :app""").param("e", s.enabled()).param("t", s.threshold()).param("by", by)
        .param("now", Sql.ts(now)).param("app", appId).update();
    if (updated == 0) {
      jdbc.sql("""
          insert into agent_intervention_settings (app_id, tenant_id, enabled, threshold, updated_by, updated_at)
          values (:app, :tenant, :e, :t, :by, :now)""").param("app", appId).param("tenant", tenantId)
          .param("e", s.enabled()).param("t", s.threshold()).param("by", by).param("now", Sql.ts(now)).update();
    }
  }

  // curated pairs

  PageResult<QaPair> pairs(long appId, String q, PageQuery page) {
    String where = " where app_id = :app" + (q == null || q.isBlank() ? ""
        : " and (lower(question) like :q escape '\\' or lower(answer) like :q escape '\\')");
    var count = jdbc.sql("select count(*) from agent_qa_pairs" + where).param("app", appId);
    var list = jdbc.sql(PAIR + where + " order by id desc limit :size offset :offset").param("app", appId);
    if (q != null && !q.isBlank()) {
      String like = Sql.likeContains(q.strip().toLowerCase());
      count = count.param("q", like);
      list = list.param("q", like);
    }
    long total = count.query(Long.class).single();
    List<QaPair> items = list.param("size", page.size()).param("offset", page.offset()).query(this::pair).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  Optional<QaPair> pair(long appId, long id) {
    return jdbc.sql(PAIR + " where app_id = :app and id = :id").param("app", appId).param("id", id)
        .query(this::pair).optional();
  }

  /** The enabled pairs of an app with their normalized questions, for matching. */
  List<QaMatcher.Entry> enabledPairs(long appId) {
    return jdbc.sql("select id, normalized, answer from agent_qa_pairs where app_id = :app and enabled = true"
        + " order by id").param("app", appId)
        .query((rs, n) -> new QaMatcher.Entry(rs.getLong(1), rs.getString(2), rs.getString(3), null)).list();
  }

  /** The questions of the enabled pairs by id, for embedding. */
  List<String> questions(List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    var byId = new java.util.HashMap<Long, String>();
    jdbc.sql("select id, question from agent_qa_pairs where id in (:ids)").param("ids", ids)
        .query((rs, n) -> byId.put(rs.getLong(1), rs.getString(2))).list();
    return ids.stream().map(id -> byId.getOrDefault(id, "")).toList();
  }

  Optional<Long> pairByNormalized(long appId, String normalized) {
    return jdbc.sql("select id from agent_qa_pairs where app_id = :app and normalized = :n order by id")
        .param("app", appId).param("n", normalized).query(Long.class).list().stream().findFirst();
  }

  long insertPair(long appId, long tenantId, Specs.QaSpec s, String source, long by, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into agent_qa_pairs (app_id, tenant_id, question, normalized, answer, enabled, source, created_by,
          created_at, updated_at)
        values (:app, :tenant, :q, :n, :a, :e, :source, :by, :now, :now)""").param("app", appId)
        .param("tenant", tenantId).param("q", s.question()).param("n", Texts.normalize(s.question()))
        .param("a", s.answer()).param("e", s.enabled()).param("source", source).param("by", by)
        .param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  void updatePair(long id, Specs.QaSpec s, Instant now) {
    jdbc.sql("""
        update agent_qa_pairs set question = :q, normalized = :n, answer = :a, enabled = :e, updated_at = :now
        where id = :id""").param("q", s.question()).param("n", Texts.normalize(s.question()))
        .param("a", s.answer()).param("e", s.enabled()).param("now", Sql.ts(now)).param("id", id).update();
  }

  void deletePair(long id) {
    jdbc.sql("delete from agent_qa_pairs where id = :id").param("id", id).update();
  }

  void pairHit(long id) {
    jdbc.sql("update agent_qa_pairs set hits = hits + 1 where id = :id").param("id", id).update();
  }

  // rules

  List<Rule> rules(long appId) {
    return jdbc.sql(RULE + " where app_id = :app order by priority, id").param("app", appId).query(this::rule)
        .list();
  }

  Optional<Rule> rule(long appId, long id) {
    return jdbc.sql(RULE + " where app_id = :app and id = :id").param("app", appId).param("id", id)
        .query(this::rule).optional();
  }

  long insertRule(long appId, long tenantId, Specs.RuleSpec s, long by, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into agent_intervention_rules (app_id, tenant_id, name, match_kind, pattern, reply, priority, enabled,
          created_by, created_at, updated_at)
        values (:app, :tenant, :name, :m, :p, :r, :pr, :e, :by, :now, :now)""").param("app", appId)
        .param("tenant", tenantId).param("name", s.name()).param("m", s.match()).param("p", s.pattern())
        .param("r", s.reply()).param("pr", s.priority()).param("e", s.enabled()).param("by", by)
        .param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  void updateRule(long id, Specs.RuleSpec s, Instant now) {
    jdbc.sql("""
        update agent_intervention_rules set name = :name, match_kind = :m, pattern = :p, reply = :r, priority = :pr,
          enabled = :e, updated_at = :now where id = :id""").param("name", s.name()).param("m", s.match())
        .param("p", s.pattern()).param("r", s.reply()).param("pr", s.priority()).param("e", s.enabled())
        .param("now", Sql.ts(now)).param("id", id).update();
  }

  void deleteRule(long id) {
    jdbc.sql("delete from agent_intervention_rules where id = :id").param("id", id).update();
  }

  void ruleHit(long id) {
    jdbc.sql("update agent_intervention_rules set hits = hits + 1 where id = :id").param("id", id).update();
  }

  private QaPair pair(ResultSet rs, int row) throws SQLException {
    return new QaPair(rs.getLong("id"), rs.getString("question"), rs.getString("answer"), rs.getBoolean("enabled"),
        rs.getString("source"), rs.getLong("hits"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }

  private Rule rule(ResultSet rs, int row) throws SQLException {
    return new Rule(rs.getLong("id"), rs.getString("name"), rs.getString("match_kind"), rs.getString("pattern"),
        rs.getString("reply"), rs.getInt("priority"), rs.getBoolean("enabled"), rs.getLong("hits"),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }
}
