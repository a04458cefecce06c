package io.jingzhi.knowledge.base;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.knowledge.KnowledgeCallers;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
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

/** Knowledge bases ({@code /api/v1/knowledge-bases}). */
@RestController
@RequestMapping("/api/v1/knowledge-bases")
public class KnowledgeBaseController {

  private final KnowledgeBaseService service;

  public KnowledgeBaseController(KnowledgeBaseService service) {
    this.service = service;
  }

  @GetMapping
  public PageResult<KnowledgeBase> list(@RequestParam(required = false) String q,
      @RequestParam(required = false) String group, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.list(KnowledgeCallers.user(), q, group, PageQuery.of(page, size));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "kb.create", target = "knowledge_base")
  public KnowledgeBase create(@Valid @RequestBody KnowledgeBaseInput input) {
    return service.create(KnowledgeCallers.user(), input);
  }

  @GetMapping("/{id}")
  public KnowledgeBase get(@PathVariable long id) {
    return service.get(KnowledgeCallers.user(), id);
  }

  @PutMapping("/{id}")
  @Audited(value = "kb.update", target = "knowledge_base")
  public KnowledgeBase update(@PathVariable long id, @Valid @RequestBody KnowledgeBaseInput input) {
    return service.update(KnowledgeCallers.user(), id, input);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "kb.delete", target = "knowledge_base")
  public void delete(@PathVariable long id) {
    service.delete(KnowledgeCallers.user(), id);
  }
}
