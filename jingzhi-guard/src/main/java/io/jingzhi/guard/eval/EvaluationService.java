package io.jingzhi.guard.eval;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardDirection;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluation jobs as resources ({@code guard:manage}): a job belongs to the tenant of the user who started it, runs
 * with that user's tenant, org and roles (so the tenant's policies apply) and is visible to that tenant and to
 * platform administrators; to everyone else it does not exist.
 */
@Service
public class EvaluationService {

  private final EvaluationRepository repository;
  private final EvaluationRunner runner;
  private final GuardProperties properties;
  private final AuditLog audit;
  private final TransactionTemplate transaction;
  private final Clock clock;

  EvaluationService(EvaluationRepository repository, EvaluationRunner runner, GuardProperties properties,
      AuditLog audit, PlatformTransactionManager transactions, Clock clock) {
    this.repository = repository;
    this.runner = runner;
    this.properties = properties;
    this.audit = audit;
    this.transaction = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  /** Checks and queues an uploaded set. */
  public Evaluation create(Caller caller, String fileName, byte[] content, String name, String direction) {
    caller.require(Permissions.GUARD_MANAGE);
    long max = properties.audit().evalMaxUpload().toBytes();
    if (content == null || content.length == 0) {
      throw ApiException.invalid("file", "upload a JSONL file of {text, should_refuse, category?} rows");
    }
    if (content.length > max) {
      throw new ApiException(HttpStatus.valueOf(413), "guard_eval.too_large",
          "The file is larger than the limit of " + max + " bytes");
    }
    GuardDirection dir = parseDirection(direction);
    String label = name != null && !name.isBlank() ? name.strip() : fileName != null && !fileName.isBlank()
        ? fileName.strip() : "evaluation";
    if (label.length() > 128) {
      throw ApiException.invalid("name", "at most 128 characters");
    }
    List<EvalItem> items = EvalDataset.parse(content, properties.audit().evalMaxRows());
    String dataset = new String(content, StandardCharsets.UTF_8);
    String dirName = dir.name().toLowerCase(Locale.ROOT);
    long id = transaction.execute(tx -> {
      long created = repository.insert(caller.tenantId(), label, dirName, items.size(), dataset, caller.userId(),
          caller.username(), clock.instant());
      audit.record(AuditRecord.success(caller, "guard.evaluation.create", "guard_evaluation", created, label, null,
          "{\"rows\":" + items.size() + ",\"direction\":\"" + dirName + "\"}"));
      return created;
    });
    Evaluation queued = repository.find(id).orElseThrow();
    GuardSubject subject = new GuardSubject(caller.tenantId(), caller.orgId(), caller.userId(), caller.username(),
        caller.roles(), null, caller.appId(), caller.apiKeyId(), null, caller.sourceIp(), EvaluationRunner.CHANNEL);
    runner.submit(id, subject, dir, items); // after the commit: the job reads and updates the stored row
    return queued;
  }

  public PageResult<Evaluation> list(Caller caller, PageQuery page) {
    caller.require(Permissions.GUARD_MANAGE);
    return repository.page(caller.platformScope() ? null : caller.tenantId(), page).map(this::live);
  }

  public Evaluation get(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    return live(visible(caller, id));
  }

  public Evaluation cancel(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    Evaluation job = visible(caller, id);
    transaction.executeWithoutResult(tx -> {
      if (!repository.cancel(id, clock.instant())) {
        throw ApiException.conflict("guard_evaluation.finished", "The evaluation has already ended ("
            + repository.status(id) + ")");
      }
      audit.record(AuditRecord.success(caller, "guard.evaluation.cancel", "guard_evaluation", id, job.name(),
          job.status(), Evaluation.CANCELLED));
    });
    runner.cancel(id);
    return get(caller, id);
  }

  /** The report of a succeeded job; 409 while it has none. */
  public EvalSummary report(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    Evaluation job = visible(caller, id);
    if (job.report() == null) {
      throw ApiException.conflict("guard_evaluation.no_report", "The evaluation has no report (" + job.status()
          + ")");
    }
    return job.report();
  }

  /** Each row with its outcome, for the CSV report; checked (and 409 without a report) before anything is written. */
  public void rows(Caller caller, long id, BiConsumer<List<EvalItem>, List<EvalOutcome>> sink) {
    report(caller, id);
    List<EvalItem> items = EvalDataset.parse(repository.dataset(id).getBytes(StandardCharsets.UTF_8),
        Integer.MAX_VALUE);
    sink.accept(items, repository.outcomes(id));
  }

  private Evaluation visible(Caller caller, long id) {
    Evaluation job = repository.find(id).orElseThrow(() -> ApiException.notFound("guard_evaluation", id));
    if (!caller.canSeeTenant(job.tenantId())) {
      throw ApiException.notFound("guard_evaluation", id);
    }
    return job;
  }

  private Evaluation live(Evaluation job) {
    return job.status().equals(Evaluation.RUNNING)
        ? runner.processed(job.id()).map(job::withProgress).orElse(job) : job;
  }

  private static GuardDirection parseDirection(String direction) {
    if (direction == null || direction.isBlank() || direction.equals("input")) {
      return GuardDirection.INPUT;
    }
    if (direction.equals("output")) {
      return GuardDirection.OUTPUT;
    }
    throw ApiException.invalid("direction", "must be input or output");
  }
}
