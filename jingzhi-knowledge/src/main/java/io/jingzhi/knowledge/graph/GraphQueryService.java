package io.jingzhi.knowledge.graph;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Multi-hop queries, served from the in-memory adjacency of the graph ({@link GraphCache}). */
@Service
public class GraphQueryService {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final GraphService graphs;
  private final GraphCache cache;

  GraphQueryService(GraphService graphs, GraphCache cache) {
    this.graphs = graphs;
    this.cache = cache;
  }

  /** The answer: paths, whether the search stopped early, and how long it took. */
  public record Answer(List<GraphIndex.Path> paths, boolean truncated, double tookMs) {}

  public Answer query(Caller caller, long kbId, GraphQuery q) {
    long kb = graphs.readable(caller, kbId).id();
    long started = System.nanoTime();
    if (q == null || q.from() == null) {
      throw ApiException.invalid("from", "required: an entity id or name");
    }
    int hops = q.maxHops() == null ? 2 : q.maxHops();
    if (hops < 1 || hops > 3) {
      throw ApiException.invalid("max_hops", "must be 1, 2 or 3");
    }
    int limit = q.limit() == null ? DEFAULT_LIMIT : q.limit();
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
    }
    GraphIndex.Direction direction;
    try {
      direction = q.direction() == null ? GraphIndex.Direction.BOTH
          : GraphIndex.Direction.valueOf(q.direction().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("direction", "must be out, in or both");
    }
    Set<String> types = Set.copyOf(q.relationTypes() == null ? List.of() : q.relationTypes());
    Ontology ontology = graphs.ontologyOf(kb);
    for (String type : types) {
      if (ontology.relationType(type).isEmpty()) {
        throw new ApiException(HttpStatus.BAD_REQUEST, "graph.unknown_type", "relation_types: no relation type '"
            + type + "' in the ontology");
      }
    }
    GraphIndex index = cache.index(kb);
    long from = resolve(index, q.from(), "from");
    Long to = q.to() == null || q.to().toString().isBlank() ? null : resolve(index, q.to(), "to");
    var result = index.paths(from, to, types, hops, limit, direction);
    return new Answer(result.paths(), result.truncated(), (System.nanoTime() - started) / 1e6);
  }

  private static long resolve(GraphIndex index, Object ref, String field) {
    String text = ref.toString().strip();
    if (ref instanceof Number || text.matches("\\d{1,18}")) {
      long id = Long.parseLong(text);
      if (index.contains(id)) {
        return id;
      }
    }
    List<Long> named = index.idsNamed(text);
    if (named.isEmpty()) {
      throw new ApiException(HttpStatus.NOT_FOUND, "entity.not_found", field + ": no entity with the id or name '"
          + text + "' in this graph");
    }
    if (named.size() > 1) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "graph.ambiguous_name", field + ": several entities are named '"
          + text + "' (ids " + named + "); give an id");
    }
    return named.getFirst();
  }
}
