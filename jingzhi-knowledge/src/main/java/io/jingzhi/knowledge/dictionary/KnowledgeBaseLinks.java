package io.jingzhi.knowledge.dictionary;

import io.jingzhi.knowledge.base.KnowledgeBaseService.DictionariesRequested;
import io.jingzhi.knowledge.base.KnowledgeBaseService.KnowledgeBaseDeleted;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the dictionary links in step with the knowledge-base API: {@code dictionary_ids} on a create or update links
 * exactly those dictionaries, and a deleted base loses its links. Both run inside the base's transaction.
 */
@Component
class KnowledgeBaseLinks {

  private final DictionaryService dictionaries;

  KnowledgeBaseLinks(DictionaryService dictionaries) {
    this.dictionaries = dictionaries;
  }

  @EventListener
  void onRequested(DictionariesRequested event) {
    dictionaries.link(event.caller(), event.kbId(), event.tenantId(), event.dictionaryIds());
  }

  @EventListener
  void onDeleted(KnowledgeBaseDeleted event) {
    dictionaries.unlinkBase(event.kbId());
  }
}
