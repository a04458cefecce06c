package io.jingzhi.knowledge.tree;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Knowledge trees of a tenant: read with {@code kb:read}, changed with {@code kb:write}; another tenant's tree
 * answers 404. Nodes keep a dense order among their siblings; a move carries the subtree and may not go below
 * itself.
 */
@Service
public class TreeService {

  static final String RESOURCE = "kb_tree";
  static final int MAX_PARAMETERS = 50;

  private final TreeRepository repository;
  private final AuditLog audit;
  private final Clock clock;

  TreeService(TreeRepository repository, AuditLog audit, Clock clock) {
    this.repository = repository;
    this.audit = audit;
    this.clock = clock;
  }

  public PageResult<Tree> list(Caller caller, String q, PageQuery page) {
    readerOnly(caller);
    return repository.page(caller.platformScope() ? null : caller.tenantId(), q, page);
  }

  public Tree get(Caller caller, long id) {
    readerOnly(caller);
    Tree tree = visible(caller, id);
    return tree.withNodes(layout(id).nested());
  }

  @Transactional
  public Tree create(Caller caller, TreeSpec spec) {
    caller.require(Permissions.KB_WRITE);
    TreeSpec valid = validated(spec, null);
    long id = repository.insert(valid, caller.tenantId(), caller.userId(), clock.instant());
    audit.record(AuditRecord.success(caller, "kb.tree.create", RESOURCE, id, valid.name(), null, valid.name()));
    return get(caller, id);
  }

  @Transactional
  public Tree update(Caller caller, long id, TreeSpec spec) {
    caller.require(Permissions.KB_WRITE);
    Tree before = visible(caller, id);
    TreeSpec valid = validated(spec, before);
    repository.update(id, valid, clock.instant());
    audit.record(AuditRecord.success(caller, "kb.tree.update", RESOURCE, id, valid.name(), before.name(),
        valid.name()));
    return get(caller, id);
  }

  @Transactional
  public void delete(Caller caller, long id) {
    caller.require(Permissions.KB_WRITE);
    Tree before = visible(caller, id);
    repository.delete(id);
    audit.record(AuditRecord.success(caller, "kb.tree.delete", RESOURCE, id, before.name(),
        before.nodeCount() + " nodes", null));
  }

  // nodes

  @Transactional
  public TreeNode addNode(Caller caller, long id, NodeSpec spec) {
    caller.require(Permissions.KB_WRITE);
    visible(caller, id);
    Long parent = spec.parentId() == null || spec.parentId() == 0 ? null : spec.parentId();
    if (parent != null && repository.node(id, parent).isEmpty()) {
      throw ApiException.invalid("parent_id", "no node " + parent + " in this tree");
    }
    String name = name(spec.name());
    Map<String, String> params = parameters(spec.parameters());
    Instant now = clock.instant();
    List<Long> siblings = repository.siblings(id, parent);
    long nodeId = repository.insertNode(id, parent, name, params, answer(spec.answer()), siblings.size(), now);
    placeAt(siblings, nodeId, spec.position());
    repository.touch(id, now);
    audit.record(AuditRecord.success(caller, "kb.tree.node.create", RESOURCE, id, name, null, "node " + nodeId));
    return node(id, nodeId);
  }

  @Transactional
  public TreeNode updateNode(Caller caller, long id, long nodeId, NodeSpec spec) {
    caller.require(Permissions.KB_WRITE);
    visible(caller, id);
    TreeLayout layout = layout(id);
    TreeNode before = layout.node(nodeId);
    if (before == null) {
      throw ApiException.notFound("tree_node", nodeId);
    }
    Long parent = before.parentId();
    if (spec.parentId() != null) {
      parent = spec.parentId() == 0 ? null : spec.parentId();
      if (parent != null && layout.node(parent) == null) {
        throw ApiException.invalid("parent_id", "no node " + parent + " in this tree");
      }
      if (parent != null && layout.inSubtree(nodeId, parent)) {
        throw ApiException.invalid("parent_id", "a node cannot move below itself");
      }
    }
    boolean moved = !java.util.Objects.equals(parent, before.parentId());
    Instant now = clock.instant();
    repository.updateNode(nodeId, parent, spec.name() == null ? before.name() : name(spec.name()),
        spec.parameters() == null ? before.parameters() : parameters(spec.parameters()),
        spec.answer() == null ? before.answer() : answer(spec.answer()), now);
    if (moved || spec.position() != null) {
      List<Long> siblings = new ArrayList<>(repository.siblings(id, parent));
      siblings.remove(nodeId);
      placeAt(siblings, nodeId, spec.position());
      if (moved) {
        renumber(repository.siblings(id, before.parentId()));
      }
    }
    repository.touch(id, now);
    audit.record(AuditRecord.success(caller, "kb.tree.node.update", RESOURCE, id, before.name(),
        before.path(), "node " + nodeId + (moved ? " moved under " + parent : "")));
    return node(id, nodeId);
  }

  @Transactional
  public void deleteNode(Caller caller, long id, long nodeId) {
    caller.require(Permissions.KB_WRITE);
    visible(caller, id);
    TreeLayout layout = layout(id);
    TreeNode before = layout.node(nodeId);
    if (before == null) {
      throw ApiException.notFound("tree_node", nodeId);
    }
    List<Long> gone = layout.subtree(nodeId);
    repository.deleteNodes(gone);
    renumber(repository.siblings(id, before.parentId()));
    repository.touch(id, clock.instant());
    audit.record(AuditRecord.success(caller, "kb.tree.node.delete", RESOURCE, id, before.name(),
        layout.path(nodeId), gone.size() + " nodes deleted"));
  }

  // files and health

  /** Checks the caller may change the tree, before its file is read. */
  public void requireWritable(Caller caller, long id) {
    caller.require(Permissions.KB_WRITE);
    visible(caller, id);
  }

  /**
   * Imports rows in one transaction. A row's path reuses the nodes that already have it (stored or made by an
   * earlier row); a row that gives data to a node an earlier row of the same file already gave data to adds a
   * second node with that path instead of overwriting, so the health check shows the clash rather than hiding it.
   */
  @Transactional
  int importRows(Caller caller, long id, List<TreeRow> rows, boolean replace) {
    requireWritable(caller, id);
    if (replace) {
      repository.deleteAllNodes(id);
    }
    TreeLayout existing = layout(id);
    Map<List<String>, Long> byPath = new HashMap<>();
    existing.all().forEach(n -> byPath.putIfAbsent(existing.pathNames(n.id()), n.id()));
    Map<Long, Integer> nextPosition = new HashMap<>();
    Set<Long> given = new HashSet<>();
    Instant now = clock.instant();
    int created = 0;
    for (TreeRow row : rows) {
      Long parent = null;
      for (int depth = 1; depth < row.path().size(); depth++) {
        List<String> prefix = row.path().subList(0, depth);
        Long found = byPath.get(prefix);
        if (found == null) {
          found = repository.insertNode(id, parent, prefix.getLast(), Map.of(), null, next(id, parent, nextPosition),
              now);
          byPath.put(List.copyOf(prefix), found);
          created++;
        }
        parent = found;
      }
      Long leaf = byPath.get(row.path());
      if (leaf == null || row.hasData() && given.contains(leaf)) {
        leaf = repository.insertNode(id, parent, row.path().getLast(), row.parameters(), row.answer(),
            next(id, parent, nextPosition), now);
        byPath.put(row.path(), leaf);
        created++;
      } else if (row.hasData()) {
        repository.updateNode(leaf, parent, row.path().getLast(), row.parameters(), row.answer(), now);
      }
      if (row.hasData()) {
        given.add(leaf);
      }
    }
    repository.touch(id, now);
    audit.record(AuditRecord.success(caller, "kb.tree.import", RESOURCE, id, null, null,
        rows.size() + " rows, " + created + " nodes created" + (replace ? " (replace)" : "")));
    return rows.size();
  }

  TreeLayout layoutFor(Caller caller, long id) {
    readerOnly(caller);
    visible(caller, id);
    return layout(id);
  }

  public Tree tree(Caller caller, long id) {
    readerOnly(caller);
    return visible(caller, id);
  }

  List<TreeHealth.Problem> health(Caller caller, long id) {
    return TreeHealth.check(layoutFor(caller, id));
  }

  private int next(long treeId, Long parent, Map<Long, Integer> nextPosition) {
    long key = parent == null ? 0 : parent;
    int pos = nextPosition.computeIfAbsent(key, k -> repository.siblings(treeId, parent).size());
    nextPosition.put(key, pos + 1);
    return pos;
  }

  private void placeAt(List<Long> siblingsWithout, long nodeId, Integer position) {
    List<Long> order = new ArrayList<>(siblingsWithout);
    order.remove(nodeId);
    int at = position == null ? order.size() : Math.max(0, Math.min(position, order.size()));
    order.add(at, nodeId);
    renumber(order);
  }

  private void renumber(List<Long> order) {
    for (int i = 0; i < order.size(); i++) {
      repository.setPosition(order.get(i), i);
    }
  }

  private TreeNode node(long id, long nodeId) {
    TreeLayout layout = layout(id);
    TreeNode n = layout.node(nodeId);
    return n.withPlace(layout.path(nodeId), List.of());
  }

  private TreeLayout layout(long id) {
    return new TreeLayout(repository.nodes(id));
  }

  private Tree visible(Caller caller, long id) {
    return repository.find(id).filter(t -> caller.canSeeTenant(t.tenantId()))
        .orElseThrow(() -> ApiException.notFound("tree", id));
  }

  private static String name(String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > TreeFiles.MAX_NAME) {
      throw ApiException.invalid("name", "required, at most " + TreeFiles.MAX_NAME + " characters");
    }
    return n;
  }

  private static String answer(String answer) {
    if (answer != null && answer.length() > TreeFiles.MAX_ANSWER) {
      throw ApiException.invalid("answer", "at most " + TreeFiles.MAX_ANSWER + " characters");
    }
    return answer == null || answer.isBlank() ? null : answer;
  }

  private static Map<String, String> parameters(Map<String, String> parameters) {
    Map<String, String> out = new LinkedHashMap<>();
    if (parameters == null) {
      return out;
    }
    if (parameters.size() > MAX_PARAMETERS) {
      throw ApiException.invalid("parameters", "at most " + MAX_PARAMETERS + " parameters");
    }
    parameters.forEach((k, v) -> {
      if (k == null || k.isBlank() || k.length() > 100) {
        throw ApiException.invalid("parameters", "every key is required, at most 100 characters");
      }
      out.put(k.strip(), v == null ? "" : v.strip());
    });
    return out;
  }

  private static TreeSpec validated(TreeSpec spec, Tree before) {
    String name = spec.name() == null ? before == null ? "" : before.name() : spec.name().strip();
    if (name.isEmpty() || name.length() > 128) {
      throw ApiException.invalid("name", "required, at most 128 characters");
    }
    String description = spec.description() == null ? before == null ? "" : before.description()
        : spec.description().strip();
    if (description.length() > 1000) {
      throw ApiException.invalid("description", "at most 1000 characters");
    }
    String project = spec.project() == null ? before == null ? null : before.project() : spec.project().strip();
    return new TreeSpec(name, description, project);
  }

  /** Reading is for signed-in users: API keys (which carry kb:read for retrieval) do not browse knowledge trees. */
  private static void readerOnly(Caller caller) {
    caller.require(Permissions.KB_READ);
    if (caller.authType() != Caller.AuthType.USER) {
      throw ApiException.forbidden("user_only", "Knowledge trees are managed by signed-in users; API keys cannot read them");
    }
  }

}
