package io.jingzhi.knowledge.tree;

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

/** Knowledge trees and their nodes (stored flat: id, parent, position). */
@Repository
class TreeRepository {

  private static final TypeReference<LinkedHashMap<String, String>> PARAMS = new TypeReference<>() {};
  private static final String SELECT = """
      select t.*, (select count(*) from kb_tree_nodes n where n.tree_id = t.id) node_count from kb_trees t""";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  TreeRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  Optional<Tree> find(long id) {
    return jdbc.sql(SELECT + " where t.id = :id").param("id", id).query(this::map).optional();
  }

  PageResult<Tree> page(Long tenant, String q, PageQuery page) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (tenant != null) {
      where.append(" and t.tenant_id = :tenant");
      params.put("tenant", tenant);
    }
    if (q != null && !q.isBlank()) {
      where.append(" and lower(t.name) like :q escape '\\'");
      params.put("q", Sql.likeContains(q.strip().toLowerCase()));
    }
    long total = jdbc.sql("select count(*) from kb_trees t" + where).params(params).query(Long.class).single();
    List<Tree> items = jdbc.sql(SELECT + where + " order by t.id limit :size offset :offset").params(params)
        .param("size", page.size()).param("offset", page.offset()).query(this::map).list();
    return new PageResult<>(items, total, page.page(), page.size());
  }

  long insert(TreeSpec spec, long tenantId, long createdBy, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into kb_trees (tenant_id, name, description, project, created_by, created_at, updated_at)
        values (:tenant, :name, :d, :project, :by, :now, :now)""").param("tenant", tenantId)
        .param("name", spec.name()).param("d", spec.description()).param("project", spec.project())
        .param("by", createdBy).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  void update(long id, TreeSpec spec, Instant now) {
    jdbc.sql("update kb_trees set name = :name, description = :d, project = :p, updated_at = :now where id = :id")
        .param("name", spec.name()).param("d", spec.description()).param("p", spec.project())
        .param("now", Sql.ts(now)).param("id", id).update();
  }

  void touch(long id, Instant now) {
    jdbc.sql("update kb_trees set updated_at = :now where id = :id").param("now", Sql.ts(now)).param("id", id)
        .update();
  }

  void delete(long id) {
    jdbc.sql("delete from kb_trees where id = :id").param("id", id).update();
  }

  // nodes

  /** Every node of the tree, flat, in sibling order. */
  List<TreeNode> nodes(long treeId) {
    return jdbc.sql("select * from kb_tree_nodes where tree_id = :t order by parent_id nulls first, position, id")
        .param("t", treeId).query(this::mapNode).list();
  }

  Optional<TreeNode> node(long treeId, long nodeId) {
    return jdbc.sql("select * from kb_tree_nodes where tree_id = :t and id = :id").param("t", treeId)
        .param("id", nodeId).query(this::mapNode).optional();
  }

  List<Long> siblings(long treeId, Long parentId) {
    return jdbc.sql("select id from kb_tree_nodes where tree_id = :t and "
        + (parentId == null ? "parent_id is null" : "parent_id = :p") + " order by position, id")
        .param("t", treeId).params(parentId == null ? Map.of() : Map.of("p", parentId)).query(Long.class).list();
  }

  long insertNode(long treeId, Long parentId, String name, Map<String, String> parameters, String answer,
      int position, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into kb_tree_nodes (tree_id, parent_id, name, parameters, answer, position, created_at, updated_at)
        values (:t, :p, :name, :params, :answer, :pos, :now, :now)""").param("t", treeId).param("p", parentId)
        .param("name", name).param("params", json.writeValueAsString(parameters)).param("answer", answer)
        .param("pos", position).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  void updateNode(long nodeId, Long parentId, String name, Map<String, String> parameters, String answer,
      Instant now) {
    jdbc.sql("""
        update kb_tree_nodes set parent_id = :p, name = :name, parameters = :params, answer = :answer,
          updated_at = :now where id = :id""").param("p", parentId).param("name", name)
        .param("params", json.writeValueAsString(parameters)).param("answer", answer).param("now", Sql.ts(now))
        .param("id", nodeId).update();
  }

  void setPosition(long nodeId, int position) {
    jdbc.sql("update kb_tree_nodes set position = :pos where id = :id").param("pos", position).param("id", nodeId)
        .update();
  }

  void deleteNodes(List<Long> ids) {
    if (!ids.isEmpty()) {
      jdbc.sql("delete from kb_tree_nodes where id in (:ids)").param("ids", ids).update();
    }
  }

  void deleteAllNodes(long treeId) {
    jdbc.sql("delete from kb_tree_nodes where tree_id = :t").param("t", treeId).update();
  }

  private Tree map(ResultSet rs, int row) throws SQLException {
    return new Tree(rs.getLong("id"), rs.getString("name"), rs.getString("description"), rs.getString("project"),
        rs.getLong("tenant_id"), rs.getLong("node_count"), Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"), null);
  }

  private TreeNode mapNode(ResultSet rs, int row) throws SQLException {
    return new TreeNode(rs.getLong("id"), Sql.nullableLong(rs, "parent_id"), rs.getString("name"), null,
        json.readValue(rs.getString("parameters"), PARAMS), rs.getString("answer"), rs.getInt("position"), List.of());
  }
}
