package io.jingzhi.knowledge.dictionary;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.knowledge.base.KnowledgeBaseAccess;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Which dictionaries a knowledge base searches with: {@code /api/v1/knowledge-bases/{id}/dictionaries}. */
@RestController
public class KnowledgeBaseDictionariesController {

  private final DictionaryService service;
  private final KnowledgeBaseAccess bases;

  public KnowledgeBaseDictionariesController(DictionaryService service, KnowledgeBaseAccess bases) {
    this.service = service;
    this.bases = bases;
  }

  /** The links of a base, answered as {@code {kb_id, dictionary_ids}}. */
  public record Links(long kbId, List<Long> dictionaryIds) {}

  @GetMapping("/api/v1/knowledge-bases/{id}/dictionaries")
  public Links get(@PathVariable long id) {
    var base = bases.requireReadable(Callers.current(), id);
    return new Links(base.id(), service.linkedDictionaries(base.id()));
  }

  @PutMapping("/api/v1/knowledge-bases/{id}/dictionaries")
  @Audited(value = "kb.dictionary.link", target = "knowledge_base")
  public Links put(@PathVariable long id, @RequestBody Map<String, List<Long>> body) {
    var caller = Callers.current();
    caller.require(Permissions.KB_WRITE); // before the base: an API key is told 403 whoever's base it names
    var base = bases.requireWritable(caller, id);
    if (body == null || !body.containsKey("dictionary_ids")) {
      throw ApiException.invalid("dictionary_ids", "required (an empty list unlinks every dictionary)");
    }
    return new Links(base.id(), service.link(caller, base.id(), base.tenantId(), body.get("dictionary_ids")));
  }
}
