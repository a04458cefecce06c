package io.jingzhi.knowledge.ingest;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.knowledge.KnowledgeProperties;
import io.jingzhi.knowledge.base.KnowledgeBase;
import io.jingzhi.knowledge.base.KnowledgeBaseAccessPolicy;
import io.jingzhi.knowledge.document.Document;
import io.jingzhi.knowledge.document.DocumentMetadata;
import io.jingzhi.knowledge.document.DocumentRepository;
import io.jingzhi.knowledge.document.DocumentRepository.NewDocument;
import io.jingzhi.knowledge.document.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts files into a knowledge base: each is checked (size, emptiness), stored as the original, hashed, and
 * either becomes a pending document of a new upload job or is reported as a duplicate of a document the base
 * already has. A refused file is an entry with its error in the answer; the others go on.
 */
@Service
public class Uploads {

  private final KnowledgeBaseAccessPolicy access;
  private final DocumentRepository documents;
  private final DocumentMetadata metadata;
  private final FileStore files;
  private final JobRepository jobs;
  private final JobService jobService;
  private final KnowledgeProperties properties;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Clock clock;

  public Uploads(KnowledgeBaseAccessPolicy access, DocumentRepository documents, DocumentMetadata metadata,
      FileStore files, JobRepository jobs, JobService jobService, KnowledgeProperties properties, AuditLog audit,
      JsonMapper json, Clock clock) {
    this.access = access;
    this.documents = documents;
    this.metadata = metadata;
    this.files = files;
    this.jobs = jobs;
    this.jobService = jobService;
    this.properties = properties;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** One file to take in. */
  public interface Incoming {
    String filename();

    long size();

    InputStream open() throws IOException;
  }

  /** What became of one file of an upload. */
  public record Accepted(Long id, String filename, String status, String errorCode, String error, Long duplicateOf) {}

  /** The answer to an upload: the job that ingests the accepted files, and every file's fate. */
  public record UploadResult(long jobId, List<Accepted> documents) {}

  /** Takes the files in for the caller; {@code incoming} is null when the request was no multipart request. */
  @Transactional
  public UploadResult upload(Caller caller, long kbId, List<? extends Incoming> incoming, String metadataText) {
    KnowledgeBase base = access.writable(caller, kbId);
    if (incoming == null) {
      throw ApiException.badRequest("document.not_multipart",
          "Send the files as multipart/form-data in the part 'file' (repeatable)");
    }
    if (incoming.isEmpty()) {
      throw ApiException.badRequest("document.no_files", "Send one or more files in the multipart part 'file'");
    }
    String metadataJson = json.writeValueAsString(metadata.parse(metadataText));
    UploadResult result = accept(base, caller.userId(), incoming, metadataJson);
    audit.record(AuditRecord.success(caller, "kb.document.upload", "knowledge_base", kbId, base.name(), null,
        json.writeValueAsString(Map.of("job", result.jobId(), "files",
            result.documents().stream().map(Accepted::filename).toList()))));
    return result;
  }

  /**
   * Takes files into a base for a user without checking the user's rights: for the bootstrap file, which the
   * operator wrote (the section reports its changes to the audit trail itself).
   */
  @Transactional
  public UploadResult accept(KnowledgeBase base, long userId, List<? extends Incoming> incoming,
      String metadataJson) {
    long jobId = jobs.insert(base.id(), base.tenantId(), "upload", null, userId, clock.instant());
    List<Accepted> answer = new ArrayList<>();
    Map<String, Long> hashesOfThisUpload = new HashMap<>();
    for (Incoming file : incoming) {
      answer.add(accept(base, jobId, file, metadataJson, hashesOfThisUpload, userId));
    }
    jobService.queued(jobId);
    return new UploadResult(jobId, answer);
  }

  private Accepted accept(KnowledgeBase base, long jobId, Incoming file, String metadataJson,
      Map<String, Long> hashesOfThisUpload, long userId) {
    String name = cleanName(file.filename());
    long max = properties.maxFileSize().toBytes();
    if (file.size() > max) {
      return refused(jobId, name, "too_large", "the file has " + file.size() + " bytes; the limit is " + max);
    }
    if (file.size() == 0) {
      return refused(jobId, name, "empty", "the file is empty");
    }
    FileStore.Received received;
    try (InputStream in = file.open()) {
      received = files.receive(in, max);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (received.size() > max) {
      files.discard(received);
      return refused(jobId, name, "too_large", "the file is larger than the limit of " + max + " bytes");
    }
    Optional<Long> duplicate = Optional.ofNullable(hashesOfThisUpload.get(received.sha256()))
        .or(() -> documents.byHash(base.id(), received.sha256()).map(Document::id));
    if (duplicate.isPresent()) {
      files.discard(received);
      String reason = "same content as document " + duplicate.get();
      jobs.addFile(jobId, null, name, Job.JobFile.SKIPPED, "duplicate", reason);
      String status = documents.find(duplicate.get()).map(Document::status).orElse(Document.PENDING);
      return new Accepted(null, name, status, "duplicate", reason, duplicate.get());
    }
    // The same content failed before (or its job was cancelled): this upload runs it again, as that document.
    Optional<Document> failedBefore = documents.failedByHash(base.id(), received.sha256());
    long id;
    if (failedBefore.isPresent()) {
      id = failedBefore.get().id();
      documents.status(id, Document.PENDING, null, null, clock.instant());
    } else {
      id = documents.insert(new NewDocument(base.id(), base.tenantId(), name, received.size(), received.sha256(),
          "upload", null, metadataJson, userId), clock.instant());
    }
    files.keep(received, base.id(), id);
    hashesOfThisUpload.put(received.sha256(), id);
    jobs.addFile(jobId, id, name, Job.JobFile.QUEUED, null, null);
    return new Accepted(id, name, Document.PENDING, null, null, null);
  }

  private Accepted refused(long jobId, String name, String code, String reason) {
    jobs.addFile(jobId, null, name, Job.JobFile.FAILED, code, reason);
    return new Accepted(null, name, Document.FAILED, code, reason, null);
  }

  /** The file's own name without any path a browser or client sent along. */
  static String cleanName(String name) {
    if (name == null || name.isBlank()) {
      return "unnamed";
    }
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1).strip();
    base = base.replaceAll("[\\p{Cntrl}]", "");
    if (base.isEmpty()) {
      return "unnamed";
    }
    return base.length() > 200 ? base.substring(base.length() - 200) : base;
  }
}
