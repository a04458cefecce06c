package io.jingzhi.guard.eval;

import java.time.Instant;

/**
 * An evaluation job: a labelled set run through the guard. Status {@code queued}, {@code running},
 * {@code succeeded}, {@code failed} (with {@code error}) or {@code cancelled}; {@code report} once it succeeded.
 */
public record Evaluation(
    long id,
    Long tenantId,
    String name,
    String direction,
    String status,
    double progress,
    int totalRows,
    int processedRows,
    String error,
    EvalSummary report,
    long createdBy,
    String createdByName,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  public boolean finished() {
    return status.equals(SUCCEEDED) || status.equals(FAILED) || status.equals(CANCELLED);
  }

  Evaluation withProgress(int processed) {
    return new Evaluation(id, tenantId, name, direction, status, totalRows == 0 ? 0 : (double) processed / totalRows,
        totalRows, processed, error, report, createdBy, createdByName, createdAt, startedAt, finishedAt);
  }
}
