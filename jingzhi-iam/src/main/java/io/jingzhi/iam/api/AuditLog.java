package io.jingzhi.iam.api;

/**
 * Records audit events into the tamper-evident trail. Any module calls it for its state changes;
 * a record joins the caller's transaction when there is one, so the event and the change commit together.
 */
public interface AuditLog {

  void record(AuditRecord record);

  /** Records in a transaction of its own, for failures whose surrounding transaction rolls back. */
  void recordIndependently(AuditRecord record);
}
