package io.jingzhi.knowledge.ingest;

import io.jingzhi.knowledge.document.Document;
import io.jingzhi.knowledge.document.DocumentRepository;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What a cancel does to the files a job has not finished, whether the job was waiting (done at once by the cancel)
 * or running (done by its worker when it sees the cancel): the files are skipped as {@code cancelled}, and their
 * documents that were never indexed fail as {@code cancelled}, so they can be reprocessed or uploaded again; a
 * document that already has chunks keeps them and stays as it was.
 */
@Component
class JobCancellation {

  static final String CODE = "cancelled";
  static final String REASON = "the job was cancelled";

  private final JobRepository jobs;
  private final DocumentRepository documents;
  private final Clock clock;

  JobCancellation(JobRepository jobs, DocumentRepository documents, Clock clock) {
    this.jobs = jobs;
    this.documents = documents;
    this.clock = clock;
  }

  void skipUnfinishedFiles(long jobId) {
    List<Long> waiting = jobs.files(jobId).stream()
        .filter(f -> f.documentId() != null
            && (Job.JobFile.QUEUED.equals(f.state()) || Job.JobFile.RUNNING.equals(f.state())))
        .map(Job.JobFile::documentId).toList();
    jobs.skipQueued(jobId, CODE, REASON);
    for (Long id : waiting) {
      documents.find(id).filter(d -> d.chunkCount() == 0 && !Document.FAILED.equals(d.status()))
          .ifPresent(d -> documents.status(d.id(), Document.FAILED, CODE, REASON, clock.instant()));
    }
  }
}
