package io.jingzhi.knowledge.graph;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Export and import of a whole graph as JSON {@code {ontology, entities, relations}}. An import merges: the
 * file's types join the ontology, entities are matched by (type, name), relations added unless present; a
 * relation names its ends by the file's entity ids or by name (and type). Any bad item rejects the whole file.
 */
@Service
public class GraphTransfer {

  static final int MAX_ITEMS = 300_000;

  private final GraphService graphs;
  private final GraphRepository repository;
  private final GraphCache cache;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Clock clock;

  GraphTransfer(GraphService graphs, GraphRepository repository, GraphCache cache, AuditLog audit, JsonMapper json,
      Clock clock) {
    this.graphs = graphs;
    this.repository = repository;
    this.cache = cache;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** The export format. */
  public record GraphFile(Ontology ontology, List<FileEntity> entities, List<FileRelation> relations) {}

  /** An entity of a file: {@code id} is the exporting graph's (relations may name their ends by it), optional. */
  public record FileEntity(Long id, String name, String type, Map<String, String> attributes,
      Long sourceDocumentId) {}

  /** A relation of a file: ends by the file's ids, or by name (and type when names repeat). */
  public record FileRelation(Long id, Long fromId, String fromName, String fromType, String type, Long toId,
      String toName, String toType, Map<String, String> attributes, Long sourceDocumentId) {}

  /** Counts of an import. */
  public record ImportCounts(int entitiesCreated, int entitiesMatched, int relationsCreated, int relationsExisting) {}

  public GraphFile export(Caller caller, long kbId) {
    long kb = graphs.readable(caller, kbId).id();
    Map<Long, String> types = new HashMap<>();
    List<FileEntity> entities = repository.allEntities(kb).stream().map(e -> new FileEntity(e.id(), e.name(),
        e.type(), e.attributes(), e.sourceDocumentId())).toList();
    entities.forEach(e -> types.put(e.id(), e.type()));
    List<FileRelation> relations = repository.allRelations(kb).stream().map(r -> new FileRelation(r.id(),
        r.fromId(), r.fromName(), types.get(r.fromId()), r.type(), r.toId(), r.toName(), types.get(r.toId()),
        r.attributes(), r.sourceDocumentId())).toList();
    return new GraphFile(graphs.ontologyOf(kb), entities, relations);
  }

  /** Checks the caller may change the graph, before its file is read. */
  public void requireWritable(Caller caller, long kbId) {
    graphs.writable(caller, kbId);
  }

  @Transactional
  public ImportCounts importJson(Caller caller, long kbId, byte[] content) {
    long kb = graphs.writable(caller, kbId).id();
    GraphFile file;
    try {
      file = json.readValue(content, GraphFile.class);
    } catch (JacksonException e) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "graph.bad_file", "the file is not a graph export (JSON "
          + "{ontology, entities, relations}): " + e.getOriginalMessage());
    }
    if (file == null) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "graph.bad_file", "the file is empty");
    }
    List<FileEntity> entities = file.entities() == null ? List.of() : file.entities();
    List<FileRelation> relations = file.relations() == null ? List.of() : file.relations();
    if (entities.size() + relations.size() > MAX_ITEMS) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "graph.bad_file", "at most " + MAX_ITEMS + " items per file");
    }
    Ontology ontology = graphs.ontologyOf(kb);
    if (file.ontology() != null) {
      ontology = ontology.mergedWith(file.ontology()).validated();
      repository.saveOntology(kb, ontology, clock.instant());
    }
    Map<Long, Entity> byFileId = new HashMap<>();
    Map<String, Entity> byName = new HashMap<>();
    int created = 0;
    for (int i = 0; i < entities.size(); i++) {
      FileEntity e = entities.get(i);
      var up = graphs.upsertEntity(kb, ontology, e == null ? null : new EntityInput(e.name(), e.type(),
          e.attributes(), e.sourceDocumentId()), "entities[" + i + "].");
      created += up.created() ? 1 : 0;
      if (e.id() != null) {
        byFileId.put(e.id(), up.entity());
      }
      byName.put(up.entity().type() + "\u0000" + up.entity().name(), up.entity());
      byName.merge(up.entity().name(), up.entity(), (a, b) -> a.id() == b.id() ? a : null);
    }
    int added = 0;
    for (int i = 0; i < relations.size(); i++) {
      FileRelation r = relations.get(i);
      String where = "relations[" + i + "].";
      if (r == null) {
        throw ApiException.invalid("relations[" + i + "]", "required");
      }
      Entity from = end(kb, byFileId, byName, r.fromId(), r.fromName(), r.fromType(), where + "from");
      Entity to = end(kb, byFileId, byName, r.toId(), r.toName(), r.toType(), where + "to");
      added += graphs.ensureRelation(kb, ontology, from, r.type(), to, r.attributes(), r.sourceDocumentId(), where)
          ? 1 : 0;
    }
    cache.dropAfterCommit(kb);
    var counts = new ImportCounts(created, entities.size() - created, added, relations.size() - added);
    audit.record(AuditRecord.success(caller, "kb.graph.import", GraphService.RESOURCE, kb, null, null,
        counts.toString()));
    return counts;
  }

  private Entity end(long kb, Map<Long, Entity> byFileId, Map<String, Entity> byName, Long id, String name,
      String type, String field) {
    if (id != null && byFileId.containsKey(id)) {
      return byFileId.get(id);
    }
    if (name != null && !name.isBlank()) {
      String n = name.strip();
      Entity e = type != null ? byName.get(type.strip() + "\u0000" + n) : byName.get(n);
      if (e == null && type != null) {
        e = repository.entity(kb, type.strip(), n).orElse(null);
      }
      if (e != null) {
        return e;
      }
    }
    throw new ApiException(HttpStatus.BAD_REQUEST, "graph.unknown_entity", field + ": no entity "
        + (id != null ? "with the file id " + id : "named '" + name + "'") + " in the file"
        + " (a relation must join two entities)");
  }
}
