package io.jingzhi.guard.policy;

/**
 * How one policy fared in a check, for the test console: {@code outcome} is {@code decided}, {@code skipped}
 * (with the reason) or {@code not_reached} (a policy before it decided).
 */
public record PolicyTrace(long id, String code, String name, Long tenantId, int priority, String mode,
    String action, String outcome, String reason) {

  static PolicyTrace of(Policy p, String outcome, String reason) {
    return new PolicyTrace(p.id(), p.code(), p.name(), p.tenantId(), p.priority(), p.mode(), p.action(), outcome,
        reason);
  }
}
