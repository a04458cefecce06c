package io.jingzhi.iam.audit;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.common.web.RequestIds;
import io.jingzhi.iam.IamProperties;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Writes the hash-chained audit trail, searches it and verifies it. */
@Service
public class AuditService implements AuditLog {

  private static final int VERIFY_BATCH = 2_000;

  private final AuditRepository repository;
  private final AuditChain chain;
  private final Clock clock;

  public AuditService(AuditRepository repository, IamProperties properties,
      @Value("${jingzhi.data-dir:./data}") Path dataDir, Clock clock) {
    this.repository = repository;
    this.chain = new AuditChain(AuditKeyProvider.load(properties.audit().key(), dataDir));
    this.clock = clock;
  }

  @Override
  @Transactional
  public void record(AuditRecord record) {
    append(record);
  }

  @Override
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void recordIndependently(AuditRecord record) {
    append(record);
  }

  private void append(AuditRecord r) {
    String prev = repository.lockHead();
    var draft = new AuditEvent(0, clock.instant().truncatedTo(ChronoUnit.MILLIS), r.actorId(), cut(r.actorName(), 100),
        r.tenantId(), cut(r.sourceIp(), 64), cut(r.action(), 100), cut(r.targetType(), 50), cut(r.targetId(), 100),
        cut(r.targetName(), 300), r.before(), r.after(), r.success() ? "success" : "failure", cut(r.detail(), 2000),
        RequestIds.current(), prev, null);
    long id = repository.insert(draft);
    var stored = new AuditEvent(id, draft.occurredAt(), draft.actorId(), draft.actorName(), draft.tenantId(),
        draft.sourceIp(), draft.action(), draft.targetType(), draft.targetId(), draft.targetName(), draft.before(),
        draft.after(), draft.result(), draft.detail(), draft.requestId(), prev, null);
    repository.seal(id, chain.hash(stored));
  }

  public PageResult<AuditEvent> search(Caller caller, AuditRepository.Filter filter, PageQuery page) {
    caller.require(Permissions.AUDIT_READ);
    return repository.search(filter, page);
  }

  @Transactional
  public void export(Caller caller, AuditRepository.Filter filter, Consumer<AuditEvent> sink) {
    caller.require(Permissions.AUDIT_EXPORT);
    record(AuditRecord.success(caller, "audit.export", "audit", null, "audit trail", null, null));
    repository.forEach(filter, sink);
  }

  /** The result of walking the whole chain. */
  public record Verification(boolean valid, long checked, Long firstBrokenId) {}

  public Verification verify(Caller caller) {
    caller.require(Permissions.AUDIT_READ);
    Verification result = verifyChain();
    recordIndependently(new AuditRecord(caller.userId(), caller.username(), caller.tenantId(), caller.sourceIp(),
        "audit.verify", "audit", null, "audit trail", null,
        result.valid() ? "valid" : "broken at " + result.firstBrokenId(), true, "checked " + result.checked()));
    return result;
  }

  /** Walks the chain from the start; the first event whose link or content does not match is named. */
  public Verification verifyChain() {
    AuditRepository.Head head = repository.head();
    String expectedPrev = AuditChain.GENESIS;
    long lastId = 0;
    long checked = 0;
    while (true) {
      List<AuditEvent> batch = repository.batchAfter(lastId, VERIFY_BATCH);
      for (AuditEvent e : batch) {
        if (e.id() > head.lastId()) {
          return new Verification(true, checked, null); // written after we read the head
        }
        checked++;
        if (!e.prevHash().equals(expectedPrev) || !chain.hash(e).equals(e.hash())) {
          return new Verification(false, checked, e.id());
        }
        expectedPrev = e.hash();
        lastId = e.id();
      }
      if (batch.size() < VERIFY_BATCH) {
        break;
      }
    }
    if (lastId != head.lastId() || !expectedPrev.equals(head.lastHash())) {
      // The newest events were removed: the head still names them.
      return new Verification(false, checked, head.lastId());
    }
    return new Verification(true, checked, null);
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
