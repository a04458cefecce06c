package io.jingzhi.knowledge.dictionary;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Dictionaries, their entries and their links to knowledge bases. */
@Repository
class DictionaryRepository {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final String SELECT = """
      select d.*, (select count(*) from kb_dictionary_entries e where e.dictionary_id = d.id) entry_count
      from kb_dictionaries d""";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  DictionaryRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  Optional<Dictionary> find(long id) {
    return jdbc.sql(SELECT + " where d.id = :id").param("id", id).query(this::map).optional();
  }

  Optional<Dictionary> findByOrigin(Long tenantId, String origin) {
    return jdbc.sql(SELECT + " where d.origin = :o and " + (tenantId == null ? "d.tenant_id is null"
        : "d.tenant_id = :t")).param("o", origin).params(tenantId == null ? Map.of() : Map.of("t", tenantId))
        .query(this::map).list().stream().findFirst();
  }

  /** Dictionaries of these tenants plus the platform's ({@code tenants} null: every one). */
  PageResult<Dictionary> page(List<Long> tenants, String q, PageQuery page) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (tenants != null) {
      where.append(" and (d.tenant_id is null or d.tenant_id in (:tenants))");
      params.put("tenants", tenants);
    }
    if (q != null && !q.isBlank()) {
      where.append(" and lower(d.name) like :q escape '\\'");
      params.put("q", Sql.likeContains(q.strip().toLowerCase()));
    }
    long total = jdbc.sql("select count(*) from kb_dictionaries d" + where).params(params).query(Long.class)
        .single();
    List<Dictionary> items = jdbc.sql(SELECT + where + " order by d.id limit :size offset :offset").params(params)
        .param("size", page.size()).param("offset", page.offset()).query(this::map).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  long insert(DictionarySpec spec, Long tenantId, String origin, Long createdBy, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into kb_dictionaries (tenant_id, name, description, origin, created_by, created_at, updated_at)
        values (:tenant, :name, :description, :origin, :by, :now, :now)""")
        .param("tenant", tenantId).param("name", spec.name()).param("description", spec.description())
        .param("origin", origin).param("by", createdBy).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  void update(long id, String name, String description, Instant now) {
    jdbc.sql("update kb_dictionaries set name = :name, description = :d, updated_at = :now where id = :id")
        .param("name", name).param("d", description).param("now", Sql.ts(now)).param("id", id).update();
  }

  void touch(long id, Instant now) {
    jdbc.sql("update kb_dictionaries set updated_at = :now where id = :id").param("now", Sql.ts(now))
        .param("id", id).update();
  }

  void delete(long id) {
    jdbc.sql("delete from kb_dictionaries where id = :id").param("id", id).update();
  }

  // entries

  PageResult<DictionaryEntry> entries(long dictionaryId, String q, String kind, PageQuery page) {
    StringBuilder where = new StringBuilder(" where dictionary_id = :d");
    Map<String, Object> params = new HashMap<>(Map.of("d", dictionaryId));
    if (q != null && !q.isBlank()) {
      where.append(" and (lower(term) like :q escape '\\' or lower(targets) like :q escape '\\')");
      params.put("q", Sql.likeContains(q.strip().toLowerCase()));
    }
    if (kind != null && !kind.isBlank()) {
      where.append(" and kind = :kind");
      params.put("kind", kind);
    }
    long total = jdbc.sql("select count(*) from kb_dictionary_entries" + where).params(params).query(Long.class)
        .single();
    List<DictionaryEntry> items = jdbc.sql("select * from kb_dictionary_entries" + where
        + " order by id limit :size offset :offset").params(params).param("size", page.size())
        .param("offset", page.offset()).query(this::mapEntry).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  List<DictionaryEntry> allEntries(long dictionaryId) {
    return jdbc.sql("select * from kb_dictionary_entries where dictionary_id = :d order by id")
        .param("d", dictionaryId).query(this::mapEntry).list();
  }

  Optional<DictionaryEntry> findEntry(long dictionaryId, long entryId) {
    return jdbc.sql("select * from kb_dictionary_entries where dictionary_id = :d and id = :id")
        .param("d", dictionaryId).param("id", entryId).query(this::mapEntry).optional();
  }

  Optional<DictionaryEntry> findEntry(long dictionaryId, String term, String kind) {
    return jdbc.sql("select * from kb_dictionary_entries where dictionary_id = :d and term = :t and kind = :k")
        .param("d", dictionaryId).param("t", term).param("k", kind).query(this::mapEntry).optional();
  }

  long insertEntry(long dictionaryId, EntrySpec e, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into kb_dictionary_entries (dictionary_id, term, kind, targets, created_at, updated_at)
        values (:d, :term, :kind, :targets, :now, :now)""")
        .param("d", dictionaryId).param("term", e.term()).param("kind", e.kind())
        .param("targets", json.writeValueAsString(e.targets())).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  void updateEntry(long entryId, EntrySpec e, Instant now) {
    jdbc.sql("""
        update kb_dictionary_entries set term = :term, kind = :kind, targets = :targets, updated_at = :now
        where id = :id""").param("term", e.term()).param("kind", e.kind())
        .param("targets", json.writeValueAsString(e.targets())).param("now", Sql.ts(now)).param("id", entryId)
        .update();
  }

  void deleteEntry(long entryId) {
    jdbc.sql("delete from kb_dictionary_entries where id = :id").param("id", entryId).update();
  }

  void deleteAllEntries(long dictionaryId) {
    jdbc.sql("delete from kb_dictionary_entries where dictionary_id = :d").param("d", dictionaryId).update();
  }

  // links

  /** The linked bases of a dictionary, of these tenants only ({@code tenants} null: all). */
  List<Long> linkedBases(long dictionaryId, List<Long> tenants) {
    return jdbc.sql("select kb_id from kb_dictionary where dictionary_id = :d"
        + (tenants == null ? "" : " and kb_tenant_id in (:tenants)") + " order by kb_id")
        .param("d", dictionaryId).params(tenants == null ? Map.of() : Map.of("tenants", tenants))
        .query(Long.class).list();
  }

  List<Long> linkedDictionaries(long kbId) {
    return jdbc.sql("select dictionary_id from kb_dictionary where kb_id = :kb order by dictionary_id")
        .param("kb", kbId).query(Long.class).list();
  }

  void replaceLinks(long kbId, long kbTenantId, Collection<Long> dictionaryIds) {
    jdbc.sql("delete from kb_dictionary where kb_id = :kb").param("kb", kbId).update();
    for (long id : dictionaryIds) {
      jdbc.sql("insert into kb_dictionary (kb_id, dictionary_id, kb_tenant_id) values (:kb, :d, :t)")
          .param("kb", kbId).param("d", id).param("t", kbTenantId).update();
    }
  }

  /** Every entry of every dictionary linked to the base, for the search-time cache. */
  List<DictionaryEntry> entriesOfBase(long kbId) {
    return jdbc.sql("""
        select e.* from kb_dictionary_entries e join kb_dictionary l on l.dictionary_id = e.dictionary_id
        where l.kb_id = :kb order by e.id""").param("kb", kbId).query(this::mapEntry).list();
  }

  private Dictionary map(ResultSet rs, int row) throws SQLException {
    return new Dictionary(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
        Sql.nullableLong(rs, "tenant_id"), rs.getString("origin"), rs.getLong("entry_count"), List.of(),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }

  private DictionaryEntry mapEntry(ResultSet rs, int row) throws SQLException {
    return new DictionaryEntry(rs.getLong("id"), rs.getLong("dictionary_id"), rs.getString("term"),
        rs.getString("kind"), json.readValue(rs.getString("targets"), STRINGS), Sql.instant(rs, "updated_at"));
  }
}
