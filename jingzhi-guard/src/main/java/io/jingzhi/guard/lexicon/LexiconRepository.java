package io.jingzhi.guard.lexicon;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import io.jingzhi.guard.engine.lexicon.RiskType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Banks, their entries and versions. */
@Repository
public class LexiconRepository {

  private static final String BANK_COLUMNS = """
      l.*, (select count(*) from guard_lexicon_entries e where e.lexicon_id = l.id) as entry_count""";

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  public LexiconRepository(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** A bank's state as replicas compare it: which banks exist, enabled, at which version. */
  public record BankState(long id, Long tenantId, boolean enabled, int version) {}

  public List<BankState> states() {
    return jdbc.sql("select id, tenant_id, enabled, current_version from guard_lexicons order by id")
        .query((rs, i) -> new BankState(rs.getLong(1), Sql.nullableLong(rs, "tenant_id"), rs.getBoolean(3),
            rs.getInt(4))).list();
  }

  public List<LexiconBank> all() {
    return jdbc.sql("select " + BANK_COLUMNS + " from guard_lexicons l order by l.tenant_id nulls first, l.name")
        .query((rs, i) -> bank(rs)).list();
  }

  public Optional<LexiconBank> find(long id) {
    return jdbc.sql("select " + BANK_COLUMNS + " from guard_lexicons l where l.id = :id").param("id", id)
        .query((rs, i) -> bank(rs)).optional();
  }

  /** The id of the bank seeded with {@code origin}, if any. */
  public Optional<Long> idOfOrigin(String origin) {
    return jdbc.sql("select id from guard_lexicons where origin = :o").param("o", origin).query(Long.class)
        .optional();
  }

  /**
   * The shipped list the bank last took (null: none recorded), its row locked until the transaction ends so that
   * replicas starting together merge a new list once.
   */
  public byte[] lockShippedList(long id) {
    return jdbc.sql("select shipped_list from guard_lexicons where id = :id for update").param("id", id)
        .query((rs, i) -> rs.getBytes(1)).optional().orElse(null);
  }

  public void setShippedList(long id, byte[] list) {
    jdbc.sql("update guard_lexicons set shipped_list = :list where id = :id").param("list", list).param("id", id)
        .update();
  }

  public boolean nameTaken(Long tenantId, String name, long exceptId) {
    var spec = jdbc.sql("select count(*) from guard_lexicons where name = :name and id <> :id and "
        + scope(tenantId)).param("name", name).param("id", exceptId);
    return (tenantId == null ? spec : spec.param("tenant", tenantId)).query(Long.class).single() > 0;
  }

  public long insert(Long tenantId, String name, String description, boolean enabled, String origin, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into guard_lexicons (tenant_id, name, description, enabled, current_version, origin, created_at,
          updated_at) values (:tenant, :name, :description, :enabled, 0, :origin, :now, :now)""")
        .param("tenant", tenantId).param("name", name).param("description", description).param("enabled", enabled)
        .param("origin", origin).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  public void update(long id, String name, String description, boolean enabled, Instant now) {
    jdbc.sql("""
        update guard_lexicons set name = :name, description = :description, enabled = :enabled, updated_at = :now
        where id = :id""").param("name", name).param("description", description).param("enabled", enabled)
        .param("now", Sql.ts(now)).param("id", id).update();
  }

  public void delete(long id) {
    jdbc.sql("delete from guard_lexicons where id = :id").param("id", id).update();
  }

  /** Takes the next version number; the row stays locked until the transaction ends, so versions never collide. */
  public int nextVersion(long id, Instant now) {
    jdbc.sql("update guard_lexicons set current_version = current_version + 1, updated_at = :now where id = :id")
        .param("id", id).param("now", Sql.ts(now)).update();
    return jdbc.sql("select current_version from guard_lexicons where id = :id").param("id", id)
        .query(Integer.class).single();
  }

  public void insertVersion(long id, int version, String by, Instant now, int entryCount, String summary,
      byte[] snapshot, int kept) {
    jdbc.sql("""
        insert into guard_lexicon_versions (lexicon_id, version, created_by, created_at, entry_count, summary,
          snapshot) values (:id, :v, :by, :now, :count, :summary, :snapshot)""")
        .param("id", id).param("v", version).param("by", by).param("now", Sql.ts(now)).param("count", entryCount)
        .param("summary", summary.length() > 500 ? summary.substring(0, 499) + "…" : summary)
        .param("snapshot", snapshot).update();
    jdbc.sql("update guard_lexicon_versions set snapshot = null where lexicon_id = :id and version <= :old")
        .param("id", id).param("old", version - kept).update();
  }

  public List<LexiconVersion> versions(long id) {
    return jdbc.sql("""
        select version, created_by, created_at, entry_count, summary,
          case when snapshot is null then false else true end as restorable
        from guard_lexicon_versions where lexicon_id = :id order by version desc""").param("id", id)
        .query((rs, i) -> new LexiconVersion(rs.getInt("version"), rs.getString("created_by"),
            Sql.instant(rs, "created_at"), rs.getInt("entry_count"), rs.getString("summary"),
            rs.getBoolean("restorable"))).list();
  }

  public Optional<byte[]> snapshot(long id, int version) {
    return jdbc.sql("select snapshot from guard_lexicon_versions where lexicon_id = :id and version = :v")
        .param("id", id).param("v", version).query((rs, i) -> Optional.ofNullable(rs.getBytes(1))).optional()
        .flatMap(o -> o);
  }

  public boolean versionExists(long id, int version) {
    return jdbc.sql("select count(*) from guard_lexicon_versions where lexicon_id = :id and version = :v")
        .param("id", id).param("v", version).query(Long.class).single() > 0;
  }

  public PageResult<EntryView> entries(long id, String q, String riskType, String kind, PageQuery page) {
    StringBuilder where = new StringBuilder(" where lexicon_id = :id");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("id", id);
    if (q != null && !q.isBlank()) {
      where.append(" and (term like :q escape '\\' or note like :q escape '\\')");
      params.put("q", Sql.likeContains(q.strip()));
    }
    if (riskType != null && !riskType.isBlank()) {
      where.append(" and risk_type = :type");
      params.put("type", riskType.strip());
    }
    if (kind != null && !kind.isBlank()) {
      where.append(" and kind = :kind");
      params.put("kind", kind.strip().toLowerCase(Locale.ROOT));
    }
    long total = jdbc.sql("select count(*) from guard_lexicon_entries" + where).params(params).query(Long.class)
        .single();
    List<EntryView> items = jdbc.sql("select * from guard_lexicon_entries" + where
        + " order by id limit :limit offset :offset").params(params).param("limit", page.size())
        .param("offset", page.offset()).query((rs, i) -> view(rs)).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  public Optional<EntryView> entry(long id, long entryId) {
    return jdbc.sql("select * from guard_lexicon_entries where lexicon_id = :id and id = :e").param("id", id)
        .param("e", entryId).query((rs, i) -> view(rs)).optional();
  }

  /** All current entries of the bank, each with its row id. */
  public Map<Long, LexiconEntry> entriesById(long id) {
    Map<Long, LexiconEntry> out = new LinkedHashMap<>();
    jdbc.sql("select * from guard_lexicon_entries where lexicon_id = :id order by id").param("id", id)
        .query(rs -> {
          out.put(rs.getLong("id"), entry(rs));
        });
    return out;
  }

  /** The entries of all enabled banks of one scope (tenant null: the global banks), in a stable order. */
  public List<LexiconEntry> enabledEntries(Long tenantId) {
    List<LexiconEntry> out = new ArrayList<>();
    var spec = jdbc.sql("select e.* from guard_lexicon_entries e join guard_lexicons l on l.id = e.lexicon_id"
        + " where l.enabled = true and l." + scope(tenantId) + " order by e.lexicon_id, e.id");
    (tenantId == null ? spec : spec.param("tenant", tenantId)).query(rs -> {
      out.add(entry(rs));
    });
    return out;
  }

  public long insertEntry(long id, LexiconEntry e, Instant now) {
    Object[] v = columns(e);
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into guard_lexicon_entries (lexicon_id, term, risk_type, level, requires, kind, note, created_at,
          updated_at) values (:id, :term, :type, :level, :requires, :kind, :note, :now, :now)""")
        .param("id", id).param("term", v[0]).param("type", v[1]).param("level", v[2]).param("requires", v[3])
        .param("kind", v[4]).param("note", v[5]).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  public void insertEntries(long id, List<LexiconEntry> entries, Instant now) {
    var ts = Sql.ts(now);
    batch.batchUpdate("""
        insert into guard_lexicon_entries (lexicon_id, term, risk_type, level, requires, kind, note, created_at,
          updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", entries, 1000, (ps, e) -> {
          Object[] v = columns(e);
          ps.setLong(1, id);
          for (int i = 0; i < v.length; i++) {
            ps.setString(i + 2, (String) v[i]);
          }
          ps.setObject(8, ts);
          ps.setObject(9, ts);
        });
  }

  public void updateEntries(Map<Long, LexiconEntry> entries, Instant now) {
    var ts = Sql.ts(now);
    batch.batchUpdate("""
        update guard_lexicon_entries set term = ?, risk_type = ?, level = ?, requires = ?, kind = ?, note = ?,
          updated_at = ? where id = ?""", new ArrayList<>(entries.entrySet()), 1000, (ps, e) -> {
          Object[] v = columns(e.getValue());
          for (int i = 0; i < v.length; i++) {
            ps.setString(i + 1, (String) v[i]);
          }
          ps.setObject(7, ts);
          ps.setLong(8, e.getKey());
        });
  }

  public int deleteEntry(long id, long entryId) {
    return jdbc.sql("delete from guard_lexicon_entries where lexicon_id = :id and id = :e").param("id", id)
        .param("e", entryId).update();
  }

  public void deleteEntries(long id) {
    jdbc.sql("delete from guard_lexicon_entries where lexicon_id = :id").param("id", id).update();
  }

  private static String scope(Long tenantId) {
    return tenantId == null ? "tenant_id is null" : "tenant_id = :tenant";
  }

  private static Object[] columns(LexiconEntry e) {
    boolean term = e.kind() == LexiconEntry.Kind.TERM;
    return new Object[] {e.term().strip(), term ? e.riskType().code() : null,
        term ? e.level().name().toLowerCase(Locale.ROOT) : null, String.join("|", e.requires()),
        e.kind().name().toLowerCase(Locale.ROOT), e.note()};
  }

  static LexiconEntry entry(ResultSet rs) throws SQLException {
    String requires = rs.getString("requires");
    LexiconEntry.Kind kind = LexiconEntry.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT));
    String type = rs.getString("risk_type");
    String level = rs.getString("level");
    return new LexiconEntry(rs.getString("term"), type == null ? null : RiskType.byCode(type).orElse(null),
        level == null ? null : RiskLevel.valueOf(level.toUpperCase(Locale.ROOT)), split(requires), kind,
        rs.getString("note"));
  }

  private static EntryView view(ResultSet rs) throws SQLException {
    return new EntryView(rs.getLong("id"), rs.getString("term"), rs.getString("risk_type"), rs.getString("level"),
        split(rs.getString("requires")), rs.getString("kind"), rs.getString("note"));
  }

  private static List<String> split(String requires) {
    return requires == null || requires.isEmpty() ? List.of() : Arrays.asList(requires.split("\\|"));
  }

  private static LexiconBank bank(ResultSet rs) throws SQLException {
    Long tenant = Sql.nullableLong(rs, "tenant_id");
    return new LexiconBank(rs.getLong("id"), tenant, tenant == null ? "global" : "tenant", rs.getString("name"),
        rs.getString("description"), rs.getBoolean("enabled"), rs.getInt("current_version"),
        rs.getLong("entry_count"), rs.getString("origin"), Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }
}
