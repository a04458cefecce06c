package io.jingzhi.knowledge.chunkstore;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.knowledge.KnowledgeCallers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Chunks of a knowledge base ({@code /api/v1/knowledge-bases/{id}/chunks}). */
@RestController
@RequestMapping("/api/v1/knowledge-bases/{kbId}/chunks")
public class ChunkController {

  private final ChunkService service;

  public ChunkController(ChunkService service) {
    this.service = service;
  }

  record Patch(@Size(max = 20_000) String text, @Size(max = 100) Map<String, String> metadata, Boolean enabled) {}

  @GetMapping
  public PageResult<StoredChunk> list(@PathVariable long kbId, @RequestParam(name = "document_id", required = false)
      Long documentId, @RequestParam(required = false) String q, @RequestParam(required = false) Boolean enabled,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return service.list(KnowledgeCallers.user(), kbId, documentId, q, enabled, PageQuery.of(page, size));
  }

  @PatchMapping("/{chunkId}")
  @Audited(value = "kb.chunk.update", target = "knowledge_chunk")
  public StoredChunk patch(@PathVariable long kbId, @PathVariable long chunkId, @Valid @RequestBody Patch body) {
    return service.patch(KnowledgeCallers.user(), kbId, chunkId,
        new ChunkService.ChunkPatch(body.text(), body.metadata(), body.enabled()));
  }
}
