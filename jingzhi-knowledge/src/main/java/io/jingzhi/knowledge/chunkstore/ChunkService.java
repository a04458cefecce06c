package io.jingzhi.knowledge.chunkstore;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.knowledge.base.KnowledgeBase;
import io.jingzhi.knowledge.base.KnowledgeBaseAccessPolicy;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Viewing and editing chunks: text edits are re-embedded and re-indexed, enable/disable reaches the index. */
@Service
public class ChunkService {

  private final ChunkRepository chunks;
  private final KnowledgeBaseAccessPolicy access;
  private final ModelClient models;
  private final IndexEntries entries;
  private final KnowledgeIndex index;
  private final AuditLog audit;

  public ChunkService(ChunkRepository chunks, KnowledgeBaseAccessPolicy access, ModelClient models,
      IndexEntries entries, KnowledgeIndex index, AuditLog audit) {
    this.chunks = chunks;
    this.access = access;
    this.models = models;
    this.entries = entries;
    this.index = index;
    this.audit = audit;
  }

  /** A change to a chunk; null fields stay as they are. */
  public record ChunkPatch(String text, Map<String, String> metadata, Boolean enabled) {}

  public PageResult<StoredChunk> list(Caller caller, long kbId, Long documentId, String q, Boolean enabled,
      PageQuery page) {
    access.readable(caller, kbId);
    return chunks.page(kbId, documentId, q, enabled, page);
  }

  @Transactional
  public StoredChunk patch(Caller caller, long kbId, long chunkId, ChunkPatch patch) {
    KnowledgeBase base = access.writable(caller, kbId);
    StoredChunk before = chunks.find(kbId, chunkId).orElseThrow(() -> ApiException.notFound("chunk", chunkId));
    if (patch.text() != null && patch.text().isBlank()) {
      throw ApiException.invalid("text", "must not be blank");
    }
    boolean textChanged = patch.text() != null && !patch.text().equals(before.text());
    String text = textChanged ? patch.text() : before.text();
    // An edited text is what matches from now on: a separate match text (an FAQ question) no longer fits it.
    String matchText = textChanged ? null : before.matchText();
    float[] vector = textChanged ? models.embed(caller, base.embeddingModel(), List.of(text)).getFirst()
        : before.vector();
    Map<String, String> metadata = patch.metadata() != null ? Map.copyOf(patch.metadata()) : before.metadata();
    boolean enabled = patch.enabled() != null ? patch.enabled() : before.enabled();
    chunks.update(chunkId, text, matchText, metadata, enabled, vector);
    StoredChunk after = chunks.find(kbId, chunkId).orElseThrow();
    if (textChanged || patch.metadata() != null) {
      entries.upsert(after.documentId(), List.of(after));
    } else if (enabled != before.enabled()) {
      index.setEnabled(kbId, chunkId, enabled);
    }
    audit.record(AuditRecord.success(caller, "kb.chunk.update", "knowledge_chunk", chunkId, base.name(),
        "{\"enabled\":" + before.enabled() + ",\"chars\":" + before.charCount() + "}",
        "{\"enabled\":" + enabled + ",\"chars\":" + after.charCount() + ",\"text_changed\":" + textChanged + "}"));
    return after;
  }
}
