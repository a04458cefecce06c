package io.jingzhi.guard.pii;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Custom sensitive-data rules and clear-text roles per tenant. */
@Repository
public class PiiRuleRepository {

  private final JdbcClient jdbc;

  public PiiRuleRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<PiiRule> all() {
    return jdbc.sql("select * from guard_pii_rules order by tenant_id, name").query((rs, i) -> rule(rs)).list();
  }

  public List<PiiRule> ofTenant(long tenantId) {
    return jdbc.sql("select * from guard_pii_rules where tenant_id = :t order by name").param("t", tenantId)
        .query((rs, i) -> rule(rs)).list();
  }

  public Optional<PiiRule> find(long id) {
    return jdbc.sql("select * from guard_pii_rules where id = :id").param("id", id).query((rs, i) -> rule(rs))
        .optional();
  }

  public boolean nameTaken(long tenantId, String name, long exceptId) {
    return jdbc.sql("select count(*) from guard_pii_rules where tenant_id = :t and name = :n and id <> :id")
        .param("t", tenantId).param("n", name).param("id", exceptId).query(Long.class).single() > 0;
  }

  public long insert(PiiRule r, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into guard_pii_rules (tenant_id, name, kind, pattern, label, mask_strategy, enabled, created_at,
          updated_at) values (:t, :name, :kind, :pattern, :label, :strategy, :enabled, :now, :now)""")
        .param("t", r.tenantId()).param("name", r.name()).param("kind", r.kind()).param("pattern", r.pattern())
        .param("label", r.label()).param("strategy", r.maskStrategy()).param("enabled", r.enabled())
        .param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  public void update(PiiRule r, Instant now) {
    jdbc.sql("""
        update guard_pii_rules set name = :name, kind = :kind, pattern = :pattern, label = :label,
          mask_strategy = :strategy, enabled = :enabled, updated_at = :now where id = :id""")
        .param("name", r.name()).param("kind", r.kind()).param("pattern", r.pattern()).param("label", r.label())
        .param("strategy", r.maskStrategy()).param("enabled", r.enabled()).param("now", Sql.ts(now))
        .param("id", r.id()).update();
  }

  public void delete(long id) {
    jdbc.sql("delete from guard_pii_rules where id = :id").param("id", id).update();
  }

  public Set<String> clearTextRoles(long tenantId) {
    return new TreeSet<>(jdbc.sql("select role from guard_clear_text_roles where tenant_id = :t")
        .param("t", tenantId).query(String.class).list());
  }

  public Map<Long, Set<String>> allClearTextRoles() {
    Map<Long, Set<String>> out = new HashMap<>();
    jdbc.sql("select tenant_id, role from guard_clear_text_roles").query(rs -> {
      out.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getString(2));
    });
    return out;
  }

  public void replaceClearTextRoles(long tenantId, Set<String> roles) {
    jdbc.sql("delete from guard_clear_text_roles where tenant_id = :t").param("t", tenantId).update();
    for (String role : new ArrayList<>(roles)) {
      jdbc.sql("insert into guard_clear_text_roles (tenant_id, role) values (:t, :r)").param("t", tenantId)
          .param("r", role).update();
    }
  }

  private static PiiRule rule(ResultSet rs) throws SQLException {
    return new PiiRule(rs.getLong("id"), rs.getLong("tenant_id"), rs.getString("name"), rs.getString("kind"),
        rs.getString("pattern"), rs.getString("label"), rs.getString("mask_strategy"), rs.getBoolean("enabled"),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }
}
