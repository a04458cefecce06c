package io.jingzhi.knowledge.ingest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * An ingestion job (docs/knowledge-api.md, Job): one upload, import, rebuild or reprocess, with a state per file.
 *
 * @param done files finished without failure (succeeded or skipped as duplicates)
 * @param progress (done + failed) / total, 0–1
 */
public record Job(long id, long kbId, long tenantId, String kind, String state, int total, int done, int failed,
    double progress, String error, Instant createdAt, Instant startedAt, Instant finishedAt,
    @JsonIgnore long createdBy, @JsonIgnore String params, List<JobFile> files) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String PAUSED = "paused";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  public boolean finished() {
    return SUCCEEDED.equals(state) || FAILED.equals(state) || CANCELLED.equals(state);
  }

  public Job withFiles(List<JobFile> files) {
    return new Job(id, kbId, tenantId, kind, state, total, done, failed, progress, error, createdAt, startedAt,
        finishedAt, createdBy, params, files);
  }

  /**
   * One file of a job.
   *
   * @param state queued, running, succeeded, failed or skipped
   * @param errorCode the {@code DocumentRejected} code (corrupt, encrypted, empty, too_large ...) or duplicate,
   *     cancelled, creator_disabled, model_call ...
   */
  public record JobFile(@JsonIgnore long id, Long documentId, String filename, String state, String errorCode,
      String error) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
  }
}
