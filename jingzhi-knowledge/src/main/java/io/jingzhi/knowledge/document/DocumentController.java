package io.jingzhi.knowledge.document;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.knowledge.KnowledgeCallers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Documents of a knowledge base ({@code /api/v1/knowledge-bases/{id}/documents}); uploads are in ingest. */
@RestController
@RequestMapping("/api/v1/knowledge-bases/{kbId}/documents")
public class DocumentController {

  private final DocumentService service;

  public DocumentController(DocumentService service) {
    this.service = service;
  }

  record Patch(@Size(max = 500) String title, JsonNode metadata) {}

  @GetMapping
  public PageResult<Document> list(@PathVariable long kbId, @RequestParam(required = false) String status,
      @RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.list(KnowledgeCallers.user(), kbId, status, q, PageQuery.of(page, size));
  }

  @GetMapping("/{docId}")
  public Document get(@PathVariable long kbId, @PathVariable long docId) {
    return service.get(KnowledgeCallers.user(), kbId, docId);
  }

  @PatchMapping("/{docId}")
  @Audited(value = "kb.document.update", target = "knowledge_document")
  public Document patch(@PathVariable long kbId, @PathVariable long docId, @Valid @RequestBody Patch body) {
    return service.patch(KnowledgeCallers.user(), kbId, docId, body.title(), body.metadata());
  }

  @DeleteMapping("/{docId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "kb.document.delete", target = "knowledge_document")
  public void delete(@PathVariable long kbId, @PathVariable long docId) {
    service.delete(KnowledgeCallers.user(), kbId, docId);
  }

  @GetMapping("/{docId}/quality")
  public JsonNode quality(@PathVariable long kbId, @PathVariable long docId) {
    return service.quality(KnowledgeCallers.user(), kbId, docId);
  }

  @GetMapping("/{docId}/preview")
  public DocumentService.Preview preview(@PathVariable long kbId, @PathVariable long docId) {
    return service.preview(KnowledgeCallers.user(), kbId, docId);
  }

  @GetMapping("/{docId}/original")
  public ResponseEntity<Resource> original(@PathVariable long kbId, @PathVariable long docId) {
    DocumentService.Original original = service.original(KnowledgeCallers.user(), kbId, docId);
    MediaType type;
    try {
      type = MediaType.parseMediaType(original.mediaType());
    } catch (RuntimeException e) {
      type = MediaType.APPLICATION_OCTET_STREAM;
    }
    return ResponseEntity.ok().contentType(type).contentLength(original.size())
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename(original.filename(), StandardCharsets.UTF_8).build().toString())
        .body(new FileSystemResource(original.path()));
  }
}
