package io.jingzhi.knowledge.document;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.knowledge.base.KnowledgeBase;
import io.jingzhi.knowledge.base.KnowledgeBaseAccessPolicy;
import io.jingzhi.knowledge.base.KnowledgeBaseService.KnowledgeBaseDeleted;
import io.jingzhi.knowledge.chunkstore.ChunkRepository;
import io.jingzhi.knowledge.chunkstore.IndexEntries;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reading and changing documents of a base: metadata, previews, originals, quality reports, deletion. */
@Service
public class DocumentService {

  static final Set<String> STATUSES = Set.of(Document.PENDING, Document.PROCESSING, Document.READY, Document.FAILED);

  private final DocumentRepository documents;
  private final ChunkRepository chunks;
  private final IndexEntries entries;
  private final KnowledgeIndex index;
  private final FileStore files;
  private final KnowledgeBaseAccessPolicy access;
  private final DocumentMetadata metadata;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Clock clock;

  public DocumentService(DocumentRepository documents, ChunkRepository chunks, IndexEntries entries,
      KnowledgeIndex index, FileStore files, KnowledgeBaseAccessPolicy access, DocumentMetadata metadata,
      AuditLog audit, JsonMapper json, Clock clock) {
    this.documents = documents;
    this.chunks = chunks;
    this.entries = entries;
    this.index = index;
    this.files = files;
    this.access = access;
    this.metadata = metadata;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** A document's text as a reader sees it. */
  public record Preview(String title, String format, String text, int pages) {}

  /** An original file to send. */
  public record Original(Path path, String filename, String mediaType, long size) {}

  public PageResult<Document> list(Caller caller, long kbId, String status, String q, PageQuery page) {
    access.readable(caller, kbId);
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.invalid("status", "pending, processing, ready or failed");
    }
    return documents.page(kbId, status, q == null || q.isBlank() ? null : q.strip(), page);
  }

  public Document get(Caller caller, long kbId, long docId) {
    access.readable(caller, kbId);
    return find(kbId, docId);
  }

  @Transactional
  public Document patch(Caller caller, long kbId, long docId, String title, JsonNode newMetadata) {
    KnowledgeBase base = access.writable(caller, kbId);
    Document before = find(kbId, docId);
    String metadataJson = newMetadata == null ? json.writeValueAsString(before.metadata())
        : json.writeValueAsString(metadata.check(newMetadata));
    String newTitle = title == null ? before.title() : title.isBlank() ? null : title.strip();
    documents.patch(docId, newTitle, metadataJson, clock.instant());
    entries.upsert(docId, chunks.ofDocument(docId));
    Document after = find(kbId, docId);
    audit.record(AuditRecord.success(caller, "kb.document.update", "knowledge_document", docId, base.name() + "/"
        + before.filename(), json.writeValueAsString(before.metadata()), metadataJson));
    return after;
  }

  @Transactional
  public void delete(Caller caller, long kbId, long docId) {
    KnowledgeBase base = access.writable(caller, kbId);
    Document doc = find(kbId, docId);
    documents.delete(docId);
    index.deleteDocument(kbId, docId);
    files.deleteDocument(kbId, docId);
    audit.record(AuditRecord.success(caller, "kb.document.delete", "knowledge_document", docId,
        base.name() + "/" + doc.filename(), "{\"filename\":" + json.writeValueAsString(doc.filename())
            + ",\"chunks\":" + doc.chunkCount() + "}", null));
  }

  public JsonNode quality(Caller caller, long kbId, long docId) {
    access.readable(caller, kbId);
    Document doc = find(kbId, docId);
    String report = documents.quality(docId).orElse(null);
    if (report == null) {
      throw ApiException.conflict("document.no_quality_report", "Document " + doc.filename()
          + " has no quality report yet (status " + doc.status() + ")");
    }
    JsonNode parsed = json.readTree(report);
    if (parsed instanceof ObjectNode object) {
      ObjectNode out = json.createObjectNode().put("document_id", docId);
      out.setAll(object);
      return out;
    }
    return parsed;
  }

  @Transactional
  public Preview preview(Caller caller, long kbId, long docId) {
    access.readable(caller, kbId);
    Document doc = find(kbId, docId);
    String text = files.text(kbId, docId).orElseThrow(() -> ApiException.conflict("document.no_text",
        "Document " + doc.filename() + " has no text yet (status " + doc.status() + ")"));
    documents.count(doc, "view", clock.instant());
    return new Preview(doc.title() != null ? doc.title() : doc.filename(), doc.format(), text, doc.pageCount());
  }

  @Transactional
  public Original original(Caller caller, long kbId, long docId) {
    access.readable(caller, kbId);
    Document doc = find(kbId, docId);
    if (!files.hasOriginal(kbId, docId)) {
      throw ApiException.notFound("document_original", docId);
    }
    documents.count(doc, "download", clock.instant());
    return new Original(files.original(kbId, docId), doc.filename(),
        doc.mediaType() != null ? doc.mediaType() : "application/octet-stream", doc.sizeBytes());
  }

  /** The files of a deleted base go once its deletion is committed. */
  @TransactionalEventListener
  void onBaseDeleted(KnowledgeBaseDeleted event) {
    files.deleteBase(event.kbId());
  }

  private Document find(long kbId, long docId) {
    return documents.find(kbId, docId).orElseThrow(() -> ApiException.notFound("document", docId));
  }
}
