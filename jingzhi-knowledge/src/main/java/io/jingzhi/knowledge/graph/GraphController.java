package io.jingzhi.knowledge.graph;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import jakarta.servlet.http.HttpServletRequest;

/** The knowledge graph of a base: {@code /api/v1/knowledge-bases/{id}/graph/...}. */
@RestController
@RequestMapping("/api/v1/knowledge-bases/{id}/graph")
public class GraphController {

  private final GraphService graphs;
  private final GraphQueryService queries;
  private final GraphTransfer transfer;
  private final GraphExtraction extraction;

  public GraphController(GraphService graphs, GraphQueryService queries, GraphTransfer transfer,
      GraphExtraction extraction) {
    this.graphs = graphs;
    this.queries = queries;
    this.transfer = transfer;
    this.extraction = extraction;
  }

  @GetMapping("/ontology")
  public Ontology ontology(@PathVariable long id) {
    return graphs.ontology(Callers.current(), id);
  }

  @PutMapping("/ontology")
  @Audited(value = "kb.graph.ontology", target = GraphService.RESOURCE)
  public Ontology putOntology(@PathVariable long id, @RequestBody Ontology ontology) {
    return graphs.putOntology(Callers.current(), id, ontology);
  }

  @GetMapping("/entities")
  public PageResult<Entity> entities(@PathVariable long id, @RequestParam(required = false) String q,
      @RequestParam(required = false) String type, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return graphs.entities(Callers.current(), id, q, type, PageQuery.of(page, size));
  }

  @PostMapping("/entities")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "kb.graph.entity.create", target = GraphService.RESOURCE)
  public Entity createEntity(@PathVariable long id, @RequestBody EntityInput input) {
    return graphs.createEntity(Callers.current(), id, input);
  }

  @DeleteMapping("/entities/{entityId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "kb.graph.entity.delete", target = GraphService.RESOURCE)
  public void deleteEntity(@PathVariable long id, @PathVariable long entityId) {
    graphs.deleteEntity(Callers.current(), id, entityId);
  }

  @GetMapping("/relations")
  public PageResult<Relation> relations(@PathVariable long id,
      @RequestParam(name = "entity_id", required = false) Long entityId,
      @RequestParam(required = false) String type, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return graphs.relations(Callers.current(), id, entityId, type, PageQuery.of(page, size));
  }

  @PostMapping("/relations")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "kb.graph.relation.create", target = GraphService.RESOURCE)
  public Relation createRelation(@PathVariable long id, @RequestBody RelationInput input) {
    return graphs.createRelation(Callers.current(), id, input);
  }

  @DeleteMapping("/relations/{relationId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "kb.graph.relation.delete", target = GraphService.RESOURCE)
  public void deleteRelation(@PathVariable long id, @PathVariable long relationId) {
    graphs.deleteRelation(Callers.current(), id, relationId);
  }

  @PostMapping("/extract")
  @Audited(value = "kb.graph.extract", target = GraphService.RESOURCE)
  public GraphExtraction.ExtractResult extract(@PathVariable long id,
      @RequestBody(required = false) GraphExtraction.ExtractRequest request) {
    return extraction.extract(Callers.current(), id, request);
  }

  @PostMapping("/query")
  public GraphQueryService.Answer query(@PathVariable long id, @RequestBody GraphQuery query) {
    return queries.query(Callers.current(), id, query);
  }

  /** Imports a graph export (multipart field {@code file}); the base is checked before the file is read. */
  @PostMapping("/import")
  @Audited(value = "kb.graph.import", target = GraphService.RESOURCE)
  public GraphTransfer.ImportCounts importFile(@PathVariable long id, HttpServletRequest request) throws IOException {
    var caller = Callers.current();
    transfer.requireWritable(caller, id);
    MultipartFile file = request instanceof MultipartHttpServletRequest multipart ? multipart.getFile("file") : null;
    if (file == null || file.isEmpty()) {
      throw ApiException.invalid("file", "required: a JSON graph export sent as multipart/form-data field 'file'");
    }
    return transfer.importJson(caller, id, file.getBytes());
  }

  @GetMapping("/export")
  public ResponseEntity<GraphTransfer.GraphFile> export(@PathVariable long id) {
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"knowledge-graph-" + id + ".json\"")
        .body(transfer.export(Callers.current(), id));
  }
}
