package io.jingzhi.knowledge.retrieve;

import io.jingzhi.knowledge.KnowledgeCallers;
import io.jingzhi.knowledge.retrieval.RetrievalResult;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Retrieval from a knowledge base ({@code POST /api/v1/knowledge-bases/{id}/retrieve}); users and API keys. */
@RestController
public class RetrieveController {

  private final RetrieveService service;

  public RetrieveController(RetrieveService service) {
    this.service = service;
  }

  @PostMapping("/api/v1/knowledge-bases/{kbId}/retrieve")
  public RetrievalResult retrieve(@PathVariable long kbId, @Valid @RequestBody RetrieveRequest request) {
    return service.retrieve(KnowledgeCallers.any(), kbId, request);
  }
}
