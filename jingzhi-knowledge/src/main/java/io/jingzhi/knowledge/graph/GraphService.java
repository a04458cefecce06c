package io.jingzhi.knowledge.graph;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.knowledge.base.KnowledgeBaseAccess;
import io.jingzhi.knowledge.base.KnowledgeBaseAccess.KnowledgeBaseRef;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The knowledge graph of a base: its ontology, entities and relations. Reading needs the base to be readable,
 * changing it writable ({@link KnowledgeBaseAccess}). Every entity has a type of the ontology and only the
 * attributes its type declares; every relation joins two entities of this graph whose types the relation type
 * names. Cycles are fine; dangling ends are not.
 */
@Service
public class GraphService {

  static final String RESOURCE = "kb_graph";
  static final int MAX_NAME = 500;
  static final int MAX_VALUE = 2000;

  private final GraphRepository repository;
  private final GraphCache cache;
  private final KnowledgeBaseAccess bases;
  private final AuditLog audit;
  private final Clock clock;

  GraphService(GraphRepository repository, GraphCache cache, KnowledgeBaseAccess bases, AuditLog audit,
      Clock clock) {
    this.repository = repository;
    this.cache = cache;
    this.bases = bases;
    this.audit = audit;
    this.clock = clock;
  }

  KnowledgeBaseRef readable(Caller caller, long kbId) {
    return bases.requireReadable(caller, kbId);
  }

  KnowledgeBaseRef writable(Caller caller, long kbId) {
    // The permission first: an API key (never kb:write) is told 403 whoever's base it names.
    caller.require(Permissions.KB_WRITE);
    return bases.requireWritable(caller, kbId);
  }

  /** The stored ontology; a graph never given one starts with the policy-document ontology. */
  public Ontology ontology(Caller caller, long kbId) {
    return ontologyOf(readable(caller, kbId).id());
  }

  Ontology ontologyOf(long kbId) {
    return repository.ontology(kbId).orElseGet(Ontology::policy);
  }

  /** Replaces the ontology; removing a type that entities or relations still use answers 409. */
  @Transactional
  public Ontology putOntology(Caller caller, long kbId, Ontology proposed) {
    long kb = writable(caller, kbId).id();
    if (proposed == null) {
      throw ApiException.invalid("entity_types", "required");
    }
    Ontology valid = proposed.validated();
    repository.entityTypeUse(kb).forEach((type, n) -> {
      if (valid.entityType(type).isEmpty()) {
        throw ApiException.conflict("graph.type_in_use", "the entity type '" + type + "' is used by " + n
            + " entities; delete them before removing the type");
      }
    });
    repository.relationTypeUse(kb).forEach((type, n) -> {
      if (valid.relationType(type).isEmpty()) {
        throw ApiException.conflict("graph.type_in_use", "the relation type '" + type + "' is used by " + n
            + " relations; delete them before removing the type");
      }
    });
    repository.saveOntology(kb, valid, clock.instant());
    audit.record(AuditRecord.success(caller, "kb.graph.ontology", RESOURCE, kb, null, null,
        valid.entityTypes().size() + " entity types, " + valid.relationTypes().size() + " relation types"));
    return valid;
  }

  public PageResult<Entity> entities(Caller caller, long kbId, String q, String type, PageQuery page) {
    return repository.entities(readable(caller, kbId).id(), q, type, page);
  }

  public PageResult<Relation> relations(Caller caller, long kbId, Long entityId, String type, PageQuery page) {
    return repository.relations(readable(caller, kbId).id(), entityId, type, page);
  }

  @Transactional
  public Entity createEntity(Caller caller, long kbId, EntityInput input) {
    long kb = writable(caller, kbId).id();
    EntityInput valid = validEntity(ontologyOf(kb), input, "");
    if (repository.entity(kb, valid.type(), valid.name()).isPresent()) {
      throw ApiException.conflict("graph.entity_exists", "the graph already has the " + valid.type() + " '"
          + valid.name() + "'");
    }
    Entity created = insertEntity(kb, valid);
    audit.record(AuditRecord.success(caller, "kb.graph.entity.create", RESOURCE, kb, created.name(), null,
        "entity " + created.id()));
    return created;
  }

  @Transactional
  public void deleteEntity(Caller caller, long kbId, long entityId) {
    long kb = writable(caller, kbId).id();
    Entity before = repository.entity(kb, entityId).orElseThrow(() -> ApiException.notFound("entity", entityId));
    repository.deleteEntity(entityId);
    cache.afterCommit(kb, index -> index.removeNode(entityId));
    audit.record(AuditRecord.success(caller, "kb.graph.entity.delete", RESOURCE, kb, before.name(),
        "entity " + entityId, null));
  }

  @Transactional
  public Relation createRelation(Caller caller, long kbId, RelationInput input) {
    long kb = writable(caller, kbId).id();
    if (input.fromId() == null || input.toId() == null) {
      throw ApiException.invalid(input.fromId() == null ? "from_id" : "to_id", "required");
    }
    Entity from = repository.entity(kb, input.fromId()).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST,
        "graph.unknown_entity", "from_id: no entity " + input.fromId() + " in this graph"));
    Entity to = repository.entity(kb, input.toId()).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST,
        "graph.unknown_entity", "to_id: no entity " + input.toId() + " in this graph"));
    Map<String, String> attributes = values(input.attributes(), "attributes");
    checkRelation(ontologyOf(kb), from, input.type(), to, "");
    if (repository.relationId(kb, from.id(), input.type(), to.id()).isPresent()) {
      throw ApiException.conflict("graph.relation_exists", "the relation already exists");
    }
    long id = insertRelation(kb, from, input.type(), to, attributes, input.sourceDocumentId());
    audit.record(AuditRecord.success(caller, "kb.graph.relation.create", RESOURCE, kb, input.type(), null,
        from.id() + " -" + input.type() + "-> " + to.id()));
    return repository.relation(kb, id).orElseThrow();
  }

  @Transactional
  public void deleteRelation(Caller caller, long kbId, long relationId) {
    long kb = writable(caller, kbId).id();
    Relation before = repository.relation(kb, relationId)
        .orElseThrow(() -> ApiException.notFound("relation", relationId));
    repository.deleteRelation(relationId);
    cache.afterCommit(kb, index -> index.removeEdge(relationId));
    audit.record(AuditRecord.success(caller, "kb.graph.relation.delete", RESOURCE, kb, before.type(),
        before.fromId() + " -" + before.type() + "-> " + before.toId(), null));
  }

  /**
   * Drops the graph of a base that is being deleted (for the knowledge-base service, inside its transaction; the
   * caller's right to delete the base has been checked there).
   */
  @Transactional
  public void dropGraph(long kbId) {
    repository.dropGraph(kbId);
    cache.dropAfterCommit(kbId);
  }

  // building blocks for import and extraction (they run inside the caller's transaction)

  Entity insertEntity(long kb, EntityInput valid) {
    long id = repository.insertEntity(kb, valid, clock.instant());
    Entity created = repository.entity(kb, id).orElseThrow();
    cache.afterCommit(kb, index -> index.putNode(new GraphIndex.Node(id, created.name(), created.type())));
    return created;
  }

  /** The entity with the type and name, made if missing; given attributes are added to a found one. */
  Upserted upsertEntity(long kb, Ontology ontology, EntityInput input, String where) {
    EntityInput valid = validEntity(ontology, input, where);
    var found = repository.entity(kb, valid.type(), valid.name());
    if (found.isEmpty()) {
      return new Upserted(insertEntity(kb, valid), true);
    }
    Map<String, String> merged = new LinkedHashMap<>(found.get().attributes());
    merged.putAll(valid.attributes());
    if (!merged.equals(found.get().attributes())) {
      repository.updateAttributes(found.get().id(), merged, clock.instant());
    }
    return new Upserted(repository.entity(kb, found.get().id()).orElseThrow(), false);
  }

  /** An entity and whether this call made it. */
  record Upserted(Entity entity, boolean created) {}

  /** Adds the relation unless it exists; answers whether it was added. */
  boolean ensureRelation(long kb, Ontology ontology, Entity from, String type, Entity to,
      Map<String, String> attributes, Long doc, String where) {
    checkRelation(ontology, from, type, to, where);
    if (repository.relationId(kb, from.id(), type, to.id()).isPresent()) {
      return false;
    }
    insertRelation(kb, from, type, to, values(attributes, where + "attributes"), doc);
    return true;
  }

  private long insertRelation(long kb, Entity from, String type, Entity to, Map<String, String> attributes,
      Long doc) {
    long id = repository.insertRelation(kb, from.id(), type, to.id(), attributes, doc, clock.instant());
    cache.afterCommit(kb, index -> index.putEdge(new GraphIndex.Edge(id, type, from.id(), to.id())));
    return id;
  }

  private static void checkRelation(Ontology ontology, Entity from, String type, Entity to, String where) {
    var relationType = ontology.relationType(type == null ? "" : type).orElseThrow(() -> new ApiException(
        HttpStatus.BAD_REQUEST, "graph.unknown_type", where + "type: no relation type '" + type
            + "' in the ontology"));
    if (!relationType.from().equals(from.type()) || !relationType.to().equals(to.type())) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "graph.type_mismatch", where + "a " + type + " relation goes "
          + "from " + relationType.from() + " to " + relationType.to() + ", not from " + from.type() + " to "
          + to.type());
    }
  }

  static EntityInput validEntity(Ontology ontology, EntityInput input, String where) {
    if (input == null) {
      throw ApiException.invalid(where.isEmpty() ? "body" : where, "required");
    }
    String name = input.name() == null ? "" : input.name().strip();
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw ApiException.invalid(where + "name", "required, at most " + MAX_NAME + " characters");
    }
    var type = ontology.entityType(input.type() == null ? "" : input.type().strip()).orElseThrow(() ->
        new ApiException(HttpStatus.BAD_REQUEST, "graph.unknown_type", where + "type: no entity type '"
            + input.type() + "' in the ontology"));
    Map<String, String> attributes = values(input.attributes(), where + "attributes");
    for (String key : attributes.keySet()) {
      if (!type.attributes().contains(key)) {
        throw new ApiException(HttpStatus.BAD_REQUEST, "graph.unknown_attribute", where + "attributes: the type "
            + type.name() + " has no attribute '" + key + "' (it has " + type.attributes() + ")");
      }
    }
    return new EntityInput(name, type.name(), attributes, input.sourceDocumentId());
  }

  private static Map<String, String> values(Map<String, String> attributes, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    if (attributes != null) {
      attributes.forEach((k, v) -> {
        if (v != null && v.length() > MAX_VALUE) {
          throw ApiException.invalid(field, "the value of '" + k + "' is longer than " + MAX_VALUE + " characters");
        }
        out.put(k == null ? "" : k.strip(), v == null ? "" : v.strip());
      });
    }
    return out;
  }
}
