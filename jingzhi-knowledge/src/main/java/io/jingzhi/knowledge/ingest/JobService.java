package io.jingzhi.knowledge.ingest;

import io.jingzhi.common.crypto.SecretBox;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.knowledge.base.KnowledgeBase;
import io.jingzhi.knowledge.base.KnowledgeBaseAccessPolicy;
import io.jingzhi.knowledge.base.KnowledgeBaseService;
import io.jingzhi.knowledge.document.Document;
import io.jingzhi.knowledge.document.DocumentRepository;
import java.time.Clock;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Ingestion jobs: imports, rebuilds and reprocessing start here; jobs are paused, resumed, cancelled, retried. */
@Service
public class JobService {

  private final JobRepository jobs;
  private final DocumentRepository documents;
  private final KnowledgeBaseAccessPolicy access;
  private final ApplicationEventPublisher events;
  private final SecretBox secrets;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Clock clock;
  private final JobCancellation cancellation;

  public JobService(JobRepository jobs, DocumentRepository documents, KnowledgeBaseAccessPolicy access,
      ApplicationEventPublisher events, SecretBox secrets, AuditLog audit, JsonMapper json, Clock clock,
      JobCancellation cancellation) {
    this.jobs = jobs;
    this.cancellation = cancellation;
    this.documents = documents;
    this.access = access;
    this.events = events;
    this.secrets = secrets;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** An import request (docs/knowledge-api.md, imports). */
  public record ImportRequest(String kind, String url, String jdbcUrl, String username, String password, String query,
      List<String> textColumns, List<String> metadataColumns, String idColumn, ObjectNode metadata) {}

  public PageResult<Job> list(Caller caller, long kbId, PageQuery page) {
    access.readable(caller, kbId);
    return jobs.page(kbId, page);
  }

  public Job get(Caller caller, long jobId) {
    Job job = jobs.find(jobId).orElseThrow(() -> ApiException.notFound("knowledge_job", jobId));
    try {
      access.readable(caller, job.kbId());
    } catch (ApiException e) {
      throw e.status().value() == 404 ? ApiException.notFound("knowledge_job", jobId) : e;
    }
    return job;
  }

  @Transactional
  public Job startImport(Caller caller, long kbId, ImportRequest in) {
    KnowledgeBase base = access.writable(caller, kbId);
    ObjectNode params = json.createObjectNode();
    String kind;
    String label;
    if ("url".equals(in.kind())) {
      String problem = in.url() == null ? "required" : UrlFetcher.problem(in.url());
      if (problem != null) {
        throw ApiException.invalid("url", problem);
      }
      kind = "import_url";
      label = in.url();
      params.put("url", in.url());
    } else if ("jdbc".equals(in.kind())) {
      String problem = JdbcRows.problem(in.jdbcUrl(), in.query(), in.textColumns());
      if (problem != null) {
        int colon = problem.indexOf(':');
        throw ApiException.invalid(problem.substring(0, colon), problem.substring(colon + 2));
      }
      kind = "import_jdbc";
      label = "jdbc: " + in.query().strip();
      params.put("jdbc_url", in.jdbcUrl()).put("username", in.username()).put("query", in.query())
          .put("id_column", in.idColumn());
      params.set("text_columns", json.valueToTree(in.textColumns()));
      params.set("metadata_columns", json.valueToTree(in.metadataColumns() == null ? List.of()
          : in.metadataColumns()));
      if (in.password() != null) {
        // Kept sealed: a job interrupted by a restart reads the table again at the next start.
        params.put("password_sealed", secrets.encrypt(in.password()));
      }
    } else {
      throw ApiException.invalid("kind", "url or jdbc");
    }
    if (in.metadata() != null) {
      params.set("metadata", in.metadata());
    }
    long jobId = jobs.insert(kbId, base.tenantId(), kind, json.writeValueAsString(params), caller.userId(),
        clock.instant());
    jobs.addFile(jobId, null, label, Job.JobFile.QUEUED, null, null);
    audit.record(AuditRecord.success(caller, "kb.import", "knowledge_base", kbId, base.name(), null,
        "{\"job\":" + jobId + ",\"kind\":\"" + kind + "\"}"));
    return queued(jobId);
  }

  @Transactional
  public Job rebuild(Caller caller, long kbId) {
    KnowledgeBase base = access.writable(caller, kbId);
    Job job = rebuildJob(base, caller.userId());
    audit.record(AuditRecord.success(caller, "kb.rebuild", "knowledge_base", kbId, base.name(), null,
        "{\"job\":" + job.id() + "}"));
    return job;
  }

  /** A new embedding model: the base is rebuilt (re-embedded) at once, by a job of whoever changed it. */
  @EventListener
  void onEmbeddingModelChanged(KnowledgeBaseService.EmbeddingModelChanged event) {
    rebuildJob(event.base(), event.userId());
  }

  /** A rebuild of every ready document of the base, as the given user (also after an embedding model change). */
  Job rebuildJob(KnowledgeBase base, long userId) {
    long jobId = jobs.insert(base.id(), base.tenantId(), "rebuild", "{}", userId, clock.instant());
    for (long docId : documents.idsOf(base.id())) {
      documents.find(docId).filter(d -> d.chunkCount() > 0)
          .ifPresent(d -> jobs.addFile(jobId, d.id(), d.filename(), Job.JobFile.QUEUED, null, null));
    }
    return queued(jobId);
  }

  @Transactional
  public Job reprocess(Caller caller, long kbId, long docId) {
    KnowledgeBase base = access.writable(caller, kbId);
    Document doc = documents.find(kbId, docId).orElseThrow(() -> ApiException.notFound("document", docId));
    long jobId = jobs.insert(kbId, base.tenantId(), "reprocess", "{}", caller.userId(), clock.instant());
    jobs.addFile(jobId, docId, doc.filename(), Job.JobFile.QUEUED, null, null);
    audit.record(AuditRecord.success(caller, "kb.document.reprocess", "knowledge_document", docId,
        base.name() + "/" + doc.filename(), null, "{\"job\":" + jobId + "}"));
    return queued(jobId);
  }

  @Transactional
  public Job pause(Caller caller, long jobId) {
    Job job = writableJob(caller, jobId);
    if (!jobs.transition(jobId, List.of(Job.QUEUED, Job.RUNNING), Job.PAUSED)) {
      throw conflict(job, "paused");
    }
    return changed(caller, job, "kb.job.pause");
  }

  @Transactional
  public Job resume(Caller caller, long jobId) {
    Job job = writableJob(caller, jobId);
    if (!jobs.transition(jobId, List.of(Job.PAUSED), Job.QUEUED)) {
      throw conflict(job, "resumed");
    }
    events.publishEvent(new JobRunner.JobQueued(jobId));
    return changed(caller, job, "kb.job.resume");
  }

  @Transactional
  public Job cancel(Caller caller, long jobId) {
    Job job = writableJob(caller, jobId);
    if (!jobs.transition(jobId, List.of(Job.QUEUED, Job.RUNNING, Job.PAUSED), Job.CANCELLED)) {
      throw conflict(job, "cancelled");
    }
    if (!Job.RUNNING.equals(job.state())) {
      // Nobody is working on it: skip its files now. A running job's worker does so when it sees the cancel.
      cancellation.skipUnfinishedFiles(jobId);
    }
    return changed(caller, job, "kb.job.cancel");
  }

  @Transactional
  public Job retry(Caller caller, long jobId) {
    Job job = writableJob(caller, jobId);
    if (!job.finished()) {
      throw conflict(job, "retried");
    }
    if (jobs.requeueFailed(jobId, !job.kind().equals("upload")) == 0) {
      throw ApiException.conflict("knowledge_job.nothing_to_retry", "Job " + jobId + " has no failed file to retry");
    }
    jobs.reopen(jobId);
    events.publishEvent(new JobRunner.JobQueued(jobId));
    return changed(caller, job, "kb.job.retry");
  }

  Job queued(long jobId) {
    events.publishEvent(new JobRunner.JobQueued(jobId));
    return jobs.find(jobId).orElseThrow();
  }

  private Job writableJob(Caller caller, long jobId) {
    Job job = jobs.find(jobId).orElseThrow(() -> ApiException.notFound("knowledge_job", jobId));
    try {
      access.writable(caller, job.kbId());
    } catch (ApiException e) {
      throw e.status().value() == 404 ? ApiException.notFound("knowledge_job", jobId) : e;
    }
    return job;
  }

  private Job changed(Caller caller, Job before, String action) {
    Job after = jobs.find(before.id()).orElseThrow();
    audit.record(AuditRecord.success(caller, action, "knowledge_job", before.id(), before.kind(),
        "{\"state\":\"" + before.state() + "\"}", "{\"state\":\"" + after.state() + "\"}"));
    return after;
  }

  private static ApiException conflict(Job job, String verb) {
    return ApiException.conflict("knowledge_job.state", "Job " + job.id() + " is " + job.state()
        + " and cannot be " + verb);
  }
}
