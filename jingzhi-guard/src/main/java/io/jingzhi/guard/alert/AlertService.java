package io.jingzhi.guard.alert;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.guard.event.EventAccess;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Fired alerts (listed, acknowledged) and subject blocks (listed, lifted), confined to the caller's tenant. */
@Service
public class AlertService {

  private final AlertRepository repository;
  private final SubjectBlocks blocks;
  private final AuditLog audit;
  private final Clock clock;

  AlertService(AlertRepository repository, SubjectBlocks blocks, AuditLog audit, Clock clock) {
    this.repository = repository;
    this.blocks = blocks;
    this.audit = audit;
    this.clock = clock;
  }

  public PageResult<Alert> alerts(Caller caller, Boolean acknowledged, PageQuery page) {
    EventAccess.requireReader(caller);
    return repository.alerts(caller.platformScope() ? null : caller.tenantId(), acknowledged, page);
  }

  @Transactional
  public Alert acknowledge(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    Alert alert = repository.findAlert(id).filter(a -> visible(caller, a.tenantId()))
        .orElseThrow(() -> ApiException.notFound("guard_alert", id));
    if (!repository.acknowledge(id, caller.username(), clock.instant())) {
      throw ApiException.conflict("guard_alert.acknowledged", "The alert was already acknowledged by "
          + alert.acknowledgedBy());
    }
    audit.record(AuditRecord.success(caller, "guard.alert.acknowledge", "guard_alert", id, alert.ruleName(), null,
        null));
    return repository.findAlert(id).orElseThrow();
  }

  public PageResult<Block> blocks(Caller caller, Boolean active, PageQuery page) {
    EventAccess.requireReader(caller);
    return repository.blocks(caller.platformScope() ? null : caller.tenantId(), active, clock.instant(), page);
  }

  /** Lifts a block at once on this node (other replicas within their refresh interval). */
  @Transactional
  public Block lift(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    Block block = repository.findBlock(id).filter(b -> visible(caller, b.tenantId()))
        .orElseThrow(() -> ApiException.notFound("guard_block", id));
    Instant now = clock.instant();
    if (!repository.lift(id, caller.username(), now)) {
      throw ApiException.conflict("guard_block.not_active", "The block has already " + (block.liftedAt() != null
          ? "been lifted" : "expired"));
    }
    blocks.lifted(id);
    audit.record(AuditRecord.success(caller, "guard.block.lift", "guard_block", id, block.subjectLabel(),
        "until " + block.expiresAt(), "lifted"));
    return repository.findBlock(id).orElseThrow();
  }

  private static boolean visible(Caller caller, Long tenantId) {
    return caller.platformScope() || (tenantId != null && tenantId == caller.tenantId());
  }
}
