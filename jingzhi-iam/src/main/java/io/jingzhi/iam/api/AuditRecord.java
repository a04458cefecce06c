package io.jingzhi.iam.api;

/**
 * One auditable action.
 *
 * @param before a short summary (usually JSON) of the target before the change, or null
 * @param after a short summary of the target after the change, or null
 */
public record AuditRecord(
    Long actorId,
    String actorName,
    Long tenantId,
    String sourceIp,
    String action,
    String targetType,
    String targetId,
    String targetName,
    String before,
    String after,
    boolean success,
    String detail) {

  /** A successful action by a caller on a target. */
  public static AuditRecord success(Caller caller, String action, String targetType, Object targetId,
      String targetName, String before, String after) {
    return new AuditRecord(caller.userId(), caller.username(), caller.tenantId(), caller.sourceIp(), action,
        targetType, targetId == null ? null : String.valueOf(targetId), targetName, before, after, true, null);
  }
}
