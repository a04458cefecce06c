package io.jingzhi.knowledge.ingest;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.gateway.api.ModelCallFailed;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.UserCallers;
import io.jingzhi.knowledge.KnowledgeProperties;
import io.jingzhi.knowledge.base.KnowledgeBase;
import io.jingzhi.knowledge.base.KnowledgeBaseRepository;
import io.jingzhi.knowledge.base.KnowledgeBaseService;
import io.jingzhi.knowledge.chunkstore.IndexEntries;
import io.jingzhi.knowledge.document.Document;
import io.jingzhi.knowledge.document.DocumentRepository;
import io.jingzhi.knowledge.parse.DocumentRejected;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Runs ingestion jobs on a bounded pool ({@code jingzhi.knowledge.ingest-workers}); each job works through its
 * queued files one by one. Jobs left queued or running when the server stopped are picked up again at the next
 * start (the interrupted file starts over; finished files are not redone). One bad file never stops a job: its
 * failure is recorded on the file with a code and a reason, and the job goes on.
 *
 * <p>A job's documents are written to the index without a refresh each; every
 * {@code jingzhi.knowledge.ingest-refresh-documents} (64) documents, or {@code ingest-refresh-interval} (1 s) after
 * the first of a batch, and when the job stops, one refresh
 * makes the batch visible and only then are its documents marked ready (their files count as done at once, so a
 * job's progress and a pause are as before). So a document reported ready is searchable, and so is every document
 * of a finished job, at the cost of a ready state up to about a second late.
 */
@Component
@Order(50)
class JobRunner implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final JobRepository jobs;
  private final KnowledgeBaseRepository bases;
  private final KnowledgeBaseService baseService;
  private final DocumentRepository documents;
  private final DocumentIngestor ingestor;
  private final IndexEntries entries;
  private final Imports imports;
  private final UserCallers callers;
  private final Clock clock;
  private final JobCancellation cancellation;
  private final ExecutorService pool;
  /** Documents written to the index between two refreshes of a job, at most. */
  private final int refreshDocuments;
  /** The longest a written document waits for its refresh (checked between documents). */
  private final long refreshAfterNanos;
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;
  /** Jobs queued before the server is up (by the bootstrap file) wait for {@link #run}: the models load first. */
  private volatile boolean started;

  JobRunner(JobRepository jobs, KnowledgeBaseRepository bases, KnowledgeBaseService baseService,
      DocumentRepository documents, DocumentIngestor ingestor, IndexEntries entries, Imports imports,
      UserCallers callers, KnowledgeProperties properties, Clock clock, JobCancellation cancellation) {
    this.jobs = jobs;
    this.cancellation = cancellation;
    this.bases = bases;
    this.baseService = baseService;
    this.documents = documents;
    this.ingestor = ingestor;
    this.entries = entries;
    this.imports = imports;
    this.callers = callers;
    this.clock = clock;
    this.refreshDocuments = properties.ingestRefreshDocuments();
    this.refreshAfterNanos = properties.ingestRefreshInterval().toNanos();
    this.pool = Executors.newFixedThreadPool(Math.max(1, properties.ingestWorkers()),
        Thread.ofPlatform().name("kb-ingest-", 1).daemon(true).factory());
  }

  /** A job was queued (created, resumed or retried); it runs once the change is committed. */
  record JobQueued(long jobId) {}

  @Override
  public void run(ApplicationArguments args) {
    started = true;
    List<Long> resumable = jobs.resumable();
    if (!resumable.isEmpty()) {
      log.info("Resuming {} knowledge ingestion job(s) left unfinished", resumable.size());
    }
    resumable.forEach(this::submit);
  }

  @TransactionalEventListener(fallbackExecution = true)
  void onQueued(JobQueued event) {
    submit(event.jobId());
  }

  void submit(long jobId) {
    if (started && !stopping && inFlight.add(jobId)) {
      pool.execute(() -> {
        try {
          run(jobId);
        } finally {
          inFlight.remove(jobId);
          // Paused and resumed while this worker was still finishing a batch: the resume found the job in flight.
          if (!stopping && jobs.state(jobId).filter(Job.QUEUED::equals).isPresent()) {
            submit(jobId);
          }
        }
      });
    }
  }

  @PreDestroy
  void shutdown() throws InterruptedException {
    // Running jobs stay 'running' in the database and resume at the next start.
    stopping = true;
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  private void run(long jobId) {
    if (stopping || !jobs.start(jobId, clock.instant())) {
      return;
    }
    Job job = jobs.find(jobId).orElseThrow();
    try {
      Optional<KnowledgeBase> found = bases.find(job.kbId());
      Optional<Caller> caller = callers.of(job.createdBy());
      if (found.isEmpty()) {
        return;
      }
      if (caller.isEmpty()) {
        String reason = "the user who started this job is disabled or can no longer sign in";
        jobs.failQueued(jobId, "creator_disabled", reason);
        jobs.finish(jobId, Job.FAILED, reason, clock.instant());
        return;
      }
      Optional<KnowledgeBase> base = Optional.of(baseService.ensureDimension(found.get(), caller.get()));
      JobControl control = () -> {
        String state = stopping ? Job.PAUSED : jobs.state(jobId).orElse(null);
        if (!Job.RUNNING.equals(state)) {
          throw new JobControl.Stopped(state);
        }
      };
      if (job.kind().equals("rebuild")) {
        imports.beforeRebuild(base.get(), job);
      }
      Written written = new Written(base.get().id());
      try {
        for (Job.JobFile file : jobs.files(jobId)) {
          if (!Job.JobFile.QUEUED.equals(file.state())) {
            continue;
          }
          control.check();
          process(base.get(), job, file, caller.get(), control, written);
          if (written.due()) {
            written.publish();
          }
        }
      } finally {
        written.publish();
      }
      finish(job, base.get());
    } catch (JobControl.Stopped stopped) {
      if (Job.CANCELLED.equals(stopped.state)) {
        cancellation.skipUnfinishedFiles(jobId);
      }
    } catch (ApiException e) {
      // The job cannot run at all (its base's embedding model is gone, say): every waiting file says why.
      jobs.failQueued(jobId, e.code(), e.getMessage());
      jobs.finish(jobId, Job.FAILED, e.getMessage(), clock.instant());
    } catch (RuntimeException e) {
      log.error("Knowledge ingestion job {} failed", jobId, e);
      jobs.finish(jobId, Job.FAILED, "internal error: " + e.getMessage(), clock.instant());
    }
  }

  /** A job's documents written to the index since its last refresh. */
  private final class Written {
    private final long kbId;
    private final List<Long> documentIds = new ArrayList<>();
    private long since;

    Written(long kbId) {
      this.kbId = kbId;
    }

    void add(long documentId) {
      if (documentIds.isEmpty()) {
        since = System.nanoTime();
      }
      documentIds.add(documentId);
    }

    boolean due() {
      return documentIds.size() >= refreshDocuments
          || (!documentIds.isEmpty() && System.nanoTime() - since >= refreshAfterNanos);
    }

    /** One refresh for the batch, then its documents are ready. */
    void publish() {
      if (documentIds.isEmpty()) {
        return;
      }
      entries.refresh(kbId);
      documents.readyAll(documentIds, clock.instant());
      documentIds.clear();
    }
  }

  private void process(KnowledgeBase base, Job job, Job.JobFile file, Caller caller, JobControl control,
      Written written) {
    jobs.fileState(file.id(), job.id(), Job.JobFile.RUNNING, null, null);
    Document doc = null;
    try {
      if (file.documentId() == null) {
        Imports.Materialized imported = imports.materialize(base, job, file, caller);
        if (imported.duplicateOf() != null) {
          jobs.fileState(file.id(), job.id(), Job.JobFile.SKIPPED, "duplicate", "same content as document "
              + imported.duplicateOf());
          return;
        }
        doc = imported.document();
      } else {
        doc = documents.find(file.documentId()).orElse(null);
      }
      if (doc == null) {
        jobs.fileState(file.id(), job.id(), Job.JobFile.SKIPPED, "deleted", "the document was deleted");
        return;
      }
      documents.status(doc.id(), Document.PROCESSING, null, null, clock.instant());
      if (job.kind().equals("rebuild")) {
        ingestor.reindex(base, doc, caller, control);
      } else {
        ingestor.ingest(base, doc, caller, control);
      }
      jobs.fileState(file.id(), job.id(), Job.JobFile.SUCCEEDED, null, null);
      written.add(doc.id());
    } catch (JobControl.Stopped stopped) {
      boolean cancelled = Job.CANCELLED.equals(stopped.state);
      String code = cancelled ? JobCancellation.CODE : null;
      String reason = cancelled ? JobCancellation.REASON : null;
      if (doc != null) {
        restore(doc, code, reason);
      }
      jobs.fileState(file.id(), job.id(), cancelled ? Job.JobFile.SKIPPED : Job.JobFile.QUEUED, code, reason);
      throw stopped;
    } catch (DocumentRejected | ModelCallFailed e) {
      fail(job, file, doc, shortCode(e), e.getMessage());
    } catch (ApiException e) {
      fail(job, file, doc, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Knowledge job {}: file {} failed", job.id(), file.filename(), e);
      fail(job, file, doc, "internal", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private void fail(Job job, Job.JobFile file, Document doc, String code, String reason) {
    jobs.fileState(file.id(), job.id(), Job.JobFile.FAILED, code, reason);
    if (doc != null) {
      restore(doc, code, reason);
    }
  }

  /** A document that had chunks keeps them (and stays ready) when a new run of it fails. */
  private void restore(Document doc, String code, String reason) {
    Document now = documents.find(doc.id()).orElse(null);
    if (now == null) {
      return;
    }
    String status = now.chunkCount() > 0 ? Document.READY : code == null ? Document.PENDING : Document.FAILED;
    documents.status(doc.id(), status, code, reason, clock.instant());
  }

  private void finish(Job job, KnowledgeBase base) {
    Job now = jobs.find(job.id()).orElseThrow();
    boolean nothingWorked = now.total() > 0 && now.failed() == now.total();
    if (job.kind().equals("rebuild") && now.failed() == 0) {
      bases.vectorsFrom(base.id(), base.embeddingModel());
    }
    jobs.finish(job.id(), nothingWorked ? Job.FAILED : Job.SUCCEEDED,
        nothingWorked ? "every file failed" : null, clock.instant());
  }

  private static String shortCode(ApiException e) {
    String code = e.code();
    int dot = code.indexOf('.');
    return code.startsWith("document.") ? code.substring(dot + 1) : code;
  }
}
