package io.jingzhi.gateway.benchmark;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.gateway.registry.Model;
import io.jingzhi.gateway.registry.ModelCatalog;
import io.jingzhi.gateway.registry.ModelKind;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchmark runs as resources: who may start, see, cancel and repeat them. A run belongs to the tenant of the
 * user who started it and is visible to that whole tenant (and to platform administrators); to everyone else it
 * does not exist. Only signed-in users run benchmarks: a run calls models with the user's own credential.
 */
@Service
public class BenchmarkService {

  static final int MAX_COMPARED = 10;

  private final BenchmarkRepository repository;
  private final BenchmarkRunner runner;
  private final ModelCatalog catalog;
  private final AuditLog audit;
  private final JsonMapper json;
  private final TransactionTemplate transaction;
  private final Clock clock;

  BenchmarkService(BenchmarkRepository repository, BenchmarkRunner runner, ModelCatalog catalog, AuditLog audit,
      JsonMapper json, PlatformTransactionManager transactions, Clock clock) {
    this.repository = repository;
    this.runner = runner;
    this.catalog = catalog;
    this.audit = audit;
    this.json = json;
    this.transaction = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  /** Runs compared side by side. */
  public record Comparison(List<Benchmark> items) {}

  public Benchmark create(Caller caller, BenchmarkConfig request) {
    requireUser(caller);
    caller.require(Permissions.MODEL_INVOKE);
    if (request == null) {
      throw ApiException.badRequest("malformed_body", "The request body is missing");
    }
    return start(caller, request.normalized(), null, "benchmark.create");
  }

  public PageResult<Benchmark> list(Caller caller, String model, String status, PageQuery page) {
    requireUser(caller);
    caller.require(Permissions.MODEL_READ);
    PageResult<Benchmark> found = repository.page(caller.platformScope() ? null : caller.tenantId(), blank(model),
        blank(status), page);
    return found.map(this::live);
  }

  public Benchmark get(Caller caller, long id) {
    requireUser(caller);
    caller.require(Permissions.MODEL_READ);
    return live(visible(caller, id));
  }

  public Benchmark cancel(Caller caller, long id) {
    requireUser(caller);
    caller.require(Permissions.MODEL_INVOKE);
    Benchmark run = visible(caller, id);
    if (run.finished()) {
      throw ApiException.conflict("benchmark.finished", "The run has already ended (" + run.status() + ")");
    }
    transaction.executeWithoutResult(tx -> {
      if (!repository.cancel(id, clock.instant())) {
        throw ApiException.conflict("benchmark.finished", "The run has already ended");
      }
      audit.record(AuditRecord.success(caller, "benchmark.cancel", "benchmark", id, label(run), run.status(),
          Benchmark.CANCELLED));
    });
    runner.cancel(id); // another node notices the stored status within its progress interval
    return get(caller, id);
  }

  public Benchmark retry(Caller caller, long id) {
    requireUser(caller);
    caller.require(Permissions.MODEL_INVOKE);
    Benchmark original = visible(caller, id);
    return start(caller, original.config(), id, "benchmark.retry");
  }

  public Comparison compare(Caller caller, String ids) {
    requireUser(caller);
    caller.require(Permissions.MODEL_READ);
    Set<Long> wanted = new LinkedHashSet<>();
    for (String part : (ids == null ? "" : ids).split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        wanted.add(Long.parseLong(part.strip()));
      } catch (NumberFormatException e) {
        throw ApiException.invalid("ids", "a comma-separated list of run ids, such as 1,2,3");
      }
    }
    if (wanted.isEmpty() || wanted.size() > MAX_COMPARED) {
      throw ApiException.invalid("ids", "between 1 and " + MAX_COMPARED + " run ids");
    }
    List<Benchmark> items = new ArrayList<>();
    wanted.forEach(id -> items.add(live(visible(caller, id))));
    return new Comparison(items);
  }

  private Benchmark start(Caller caller, BenchmarkConfig config, Long retryOf, String action) {
    requireChatModel(config.model());
    long id = transaction.execute(tx -> {
      long created = repository.insert(config, caller.tenantId(), caller.userId(), caller.username(), retryOf,
          clock.instant());
      audit.record(AuditRecord.success(caller, action, "benchmark", created,
          config.name() != null ? config.name() : config.model(), null, json.writeValueAsString(config)));
      return created;
    });
    // The answer is the run as created (queued): once submitted, the job may already be running.
    Benchmark queued = repository.find(id).orElseThrow();
    runner.submit(id, config, caller.userId()); // after the commit: the job reads and updates the stored row
    return queued;
  }

  private void requireChatModel(String name) {
    Model model = catalog.resolve(name).orElseThrow(() -> ApiException.invalid("model",
        "no model named " + name + " is registered"));
    if (model.kind() != ModelKind.CHAT) {
      throw ApiException.invalid("model", name + " is " + model.kind().described() + "; benchmarks need a chat model");
    }
    if (!model.enabled()) {
      throw ApiException.invalid("model", name + " is disabled");
    }
  }

  private Benchmark visible(Caller caller, long id) {
    Benchmark run = repository.find(id).orElseThrow(() -> ApiException.notFound("benchmark", id));
    if (!caller.canSeeTenant(run.tenantId())) {
      throw ApiException.notFound("benchmark", id);
    }
    return run;
  }

  private Benchmark live(Benchmark run) {
    return run.status().equals(Benchmark.RUNNING) ? runner.progress(run.id()).map(run::withProgress).orElse(run)
        : run;
  }

  private static void requireUser(Caller caller) {
    if (caller.authType() != Caller.AuthType.USER) {
      throw ApiException.forbidden("user_only",
          "Benchmarks are run by signed-in users with their own credential; API keys cannot");
    }
  }

  private static String label(Benchmark run) {
    return run.name() != null ? run.name() : run.model();
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
