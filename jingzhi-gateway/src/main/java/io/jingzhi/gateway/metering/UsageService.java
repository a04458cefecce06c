package io.jingzhi.gateway.metering;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Usage queries with their authorization: {@code usage:read}, and a caller who is not a platform administrator
 * sees only the own tenant — whatever {@code tenant_id} it asks for, the query is confined to its tenant.
 */
@Service
public class UsageService {

  private final UsageRepository repository;
  private final Clock clock;

  UsageService(UsageRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  public PageResult<UsageRecord> records(Caller caller, UsageFilter filter, PageQuery page) {
    return repository.page(scope(caller, filter), page);
  }

  public UsageSummary summary(Caller caller, UsageFilter filter, String groupBy) {
    UsageFilter scoped = scope(caller, filter);
    GroupBy group = GroupBy.parse(groupBy);
    return new UsageSummary(scoped.from(), scoped.to(), group.name().toLowerCase(Locale.ROOT),
        repository.summary(scoped, group));
  }

  /** Checks the caller before anything is written, so a refusal can still become a problem response. */
  public UsageFilter authorize(Caller caller, UsageFilter filter) {
    return scope(caller, filter);
  }

  /** Streams the records of an authorized filter; in a transaction so PostgreSQL fetches them in chunks. */
  @Transactional(readOnly = true)
  public void export(UsageFilter authorized, Consumer<UsageRecord> sink) {
    repository.forEach(authorized, sink);
  }

  private UsageFilter scope(Caller caller, UsageFilter filter) {
    caller.require(Permissions.USAGE_READ);
    UsageFilter resolved = filter.resolved(clock.instant());
    if (caller.platformScope()) {
      return resolved;
    }
    if (resolved.tenantId() != null && resolved.tenantId() != caller.tenantId()) {
      // Another tenant's usage looks like no usage at all; an impossible id keeps the query simple.
      return resolved.withTenant(-1);
    }
    return resolved.withTenant(caller.tenantId());
  }
}
