package io.jingzhi.knowledge.graph;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Ontologies, entities and relations of the knowledge graphs. */
@Repository
class GraphRepository {

  private static final TypeReference<LinkedHashMap<String, String>> ATTRS = new TypeReference<>() {};
  private static final String RELATIONS = """
      select r.*, f.name from_name, t.name to_name from kb_graph_relations r
      join kb_graph_entities f on f.id = r.from_id join kb_graph_entities t on t.id = r.to_id""";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  GraphRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  Optional<Ontology> ontology(long kbId) {
    return jdbc.sql("select ontology from kb_graph_ontologies where kb_id = :kb").param("kb", kbId)
        .query(String.class).optional().map(text -> json.readValue(text, Ontology.class));
  }

  void saveOntology(long kbId, Ontology ontology, Instant now) {
    String text = json.writeValueAsString(ontology);
    int updated = jdbc.sql("update kb_graph_ontologies set ontology = :o, updated_at = :now where kb_id = :kb")
        .param("o", text).param("now", Sql.ts(now)).param("kb", kbId).update();
    if (updated == 0) {
      jdbc.sql("insert into kb_graph_ontologies (kb_id, ontology, updated_at) values (:kb, :o, :now)")
          .param("kb", kbId).param("o", text).param("now", Sql.ts(now)).update();
    }
  }

  /** How many entities and relations use each type name (to refuse removing a type still in use). */
  Map<String, Long> entityTypeUse(long kbId) {
    Map<String, Long> out = new HashMap<>();
    jdbc.sql("select type, count(*) n from kb_graph_entities where kb_id = :kb group by type").param("kb", kbId)
        .query((rs, i) -> out.put(rs.getString("type"), rs.getLong("n"))).list();
    return out;
  }

  Map<String, Long> relationTypeUse(long kbId) {
    Map<String, Long> out = new HashMap<>();
    jdbc.sql("select type, count(*) n from kb_graph_relations where kb_id = :kb group by type").param("kb", kbId)
        .query((rs, i) -> out.put(rs.getString("type"), rs.getLong("n"))).list();
    return out;
  }

  // entities

  Optional<Entity> entity(long kbId, long id) {
    return jdbc.sql("select * from kb_graph_entities where kb_id = :kb and id = :id").param("kb", kbId)
        .param("id", id).query(this::mapEntity).optional();
  }

  Optional<Entity> entity(long kbId, String type, String name) {
    return jdbc.sql("select * from kb_graph_entities where kb_id = :kb and type = :t and name = :n")
        .param("kb", kbId).param("t", type).param("n", name).query(this::mapEntity).optional();
  }

  PageResult<Entity> entities(long kbId, String q, String type, PageQuery page) {
    StringBuilder where = new StringBuilder(" where kb_id = :kb");
    Map<String, Object> params = new HashMap<>(Map.of("kb", kbId));
    if (q != null && !q.isBlank()) {
      where.append(" and lower(name) like :q escape '\\'");
      params.put("q", Sql.likeContains(q.strip().toLowerCase()));
    }
    if (type != null && !type.isBlank()) {
      where.append(" and type = :type");
      params.put("type", type);
    }
    long total = jdbc.sql("select count(*) from kb_graph_entities" + where).params(params).query(Long.class)
        .single();
    List<Entity> items = jdbc.sql("select * from kb_graph_entities" + where + " order by id limit :size offset :off")
        .params(params).param("size", page.size()).param("off", page.offset()).query(this::mapEntity).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  List<Entity> allEntities(long kbId) {
    return jdbc.sql("select * from kb_graph_entities where kb_id = :kb order by id").param("kb", kbId)
        .query(this::mapEntity).list();
  }

  long insertEntity(long kbId, EntityInput e, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into kb_graph_entities (kb_id, type, name, attributes, source_document_id, created_at, updated_at)
        values (:kb, :type, :name, :attrs, :doc, :now, :now)""").param("kb", kbId).param("type", e.type())
        .param("name", e.name()).param("attrs", json.writeValueAsString(e.attributes()))
        .param("doc", e.sourceDocumentId()).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  void updateAttributes(long id, Map<String, String> attributes, Instant now) {
    jdbc.sql("update kb_graph_entities set attributes = :a, updated_at = :now where id = :id")
        .param("a", json.writeValueAsString(attributes)).param("now", Sql.ts(now)).param("id", id).update();
  }

  void deleteEntity(long id) {
    jdbc.sql("delete from kb_graph_relations where from_id = :id or to_id = :id").param("id", id).update();
    jdbc.sql("delete from kb_graph_entities where id = :id").param("id", id).update();
  }

  /** Ids of the relations touching the entity, for the in-memory index. */
  List<Long> relationsOf(long entityId) {
    return jdbc.sql("select id from kb_graph_relations where from_id = :id or to_id = :id").param("id", entityId)
        .query(Long.class).list();
  }

  // relations

  Optional<Relation> relation(long kbId, long id) {
    return jdbc.sql(RELATIONS + " where r.kb_id = :kb and r.id = :id").param("kb", kbId).param("id", id)
        .query(this::mapRelation).optional();
  }

  Optional<Long> relationId(long kbId, long fromId, String type, long toId) {
    return jdbc.sql("select id from kb_graph_relations where kb_id = :kb and from_id = :f and type = :t and to_id = :to")
        .param("kb", kbId).param("f", fromId).param("t", type).param("to", toId).query(Long.class).optional();
  }

  PageResult<Relation> relations(long kbId, Long entityId, String type, PageQuery page) {
    StringBuilder where = new StringBuilder(" where r.kb_id = :kb");
    Map<String, Object> params = new HashMap<>(Map.of("kb", kbId));
    if (entityId != null) {
      where.append(" and (r.from_id = :e or r.to_id = :e)");
      params.put("e", entityId);
    }
    if (type != null && !type.isBlank()) {
      where.append(" and r.type = :type");
      params.put("type", type);
    }
    long total = jdbc.sql("select count(*) from kb_graph_relations r" + where).params(params).query(Long.class)
        .single();
    List<Relation> items = jdbc.sql(RELATIONS + where + " order by r.id limit :size offset :off").params(params)
        .param("size", page.size()).param("off", page.offset()).query(this::mapRelation).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  List<Relation> allRelations(long kbId) {
    return jdbc.sql(RELATIONS + " where r.kb_id = :kb order by r.id").param("kb", kbId).query(this::mapRelation)
        .list();
  }

  long insertRelation(long kbId, long fromId, String type, long toId, Map<String, String> attributes, Long doc,
      Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into kb_graph_relations (kb_id, from_id, type, to_id, attributes, source_document_id, created_at)
        values (:kb, :f, :type, :t, :attrs, :doc, :now)""").param("kb", kbId).param("f", fromId).param("type", type)
        .param("t", toId).param("attrs", json.writeValueAsString(attributes == null ? Map.of() : attributes))
        .param("doc", doc).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  void deleteRelation(long id) {
    jdbc.sql("delete from kb_graph_relations where id = :id").param("id", id).update();
  }

  /** The whole graph as the in-memory index needs it, in two scans; in id order so paths list in creation order. */
  GraphIndex loadIndex(long kbId) {
    List<GraphIndex.Node> nodes = jdbc.sql("select id, name, type from kb_graph_entities where kb_id = :kb order by id")
        .param("kb", kbId).query((rs, i) -> new GraphIndex.Node(rs.getLong(1), rs.getString(2), rs.getString(3)))
        .list();
    List<GraphIndex.Edge> edges = jdbc.sql("select id, type, from_id, to_id from kb_graph_relations where kb_id = :kb order by id")
        .param("kb", kbId).query((rs, i) -> new GraphIndex.Edge(rs.getLong(1), rs.getString(2), rs.getLong(3),
            rs.getLong(4))).list();
    return new GraphIndex(nodes, edges);
  }

  void dropGraph(long kbId) {
    jdbc.sql("delete from kb_graph_relations where kb_id = :kb").param("kb", kbId).update();
    jdbc.sql("delete from kb_graph_entities where kb_id = :kb").param("kb", kbId).update();
    jdbc.sql("delete from kb_graph_ontologies where kb_id = :kb").param("kb", kbId).update();
  }

  private Entity mapEntity(ResultSet rs, int row) throws SQLException {
    return new Entity(rs.getLong("id"), rs.getString("name"), rs.getString("type"),
        json.readValue(rs.getString("attributes"), ATTRS), Sql.nullableLong(rs, "source_document_id"));
  }

  private Relation mapRelation(ResultSet rs, int row) throws SQLException {
    return new Relation(rs.getLong("id"), rs.getLong("from_id"), rs.getString("from_name"), rs.getString("type"),
        rs.getLong("to_id"), rs.getString("to_name"), json.readValue(rs.getString("attributes"), ATTRS),
        Sql.nullableLong(rs, "source_document_id"));
  }
}
