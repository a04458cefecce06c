package io.jingzhi.guard.event;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Caller;
import java.time.Clock;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Guard-event searches with their authorization (see {@link EventAccess}). */
@Service
public class EventService {

  private final EventRepository repository;
  private final Clock clock;

  EventService(EventRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  public PageResult<GuardEvent> search(Caller caller, EventFilter filter, PageQuery page) {
    return repository.page(authorize(caller, filter), page);
  }

  /** One event with its findings and (when retained) full text; another tenant's event answers 404. */
  public GuardEvent get(Caller caller, String id) {
    EventAccess.requireReader(caller);
    GuardEvent event = repository.find(id).orElseThrow(() -> ApiException.notFound("guard_event", id));
    if (!caller.platformScope() && (event.tenantId() == null || event.tenantId() != caller.tenantId())) {
      throw ApiException.notFound("guard_event", id);
    }
    return event;
  }

  /** Checks the caller and confines the filter; done before an export writes its first byte. */
  public EventFilter authorize(Caller caller, EventFilter filter) {
    EventAccess.requireReader(caller);
    return filter.resolved(EventAccess.scope(caller, filter.tenantId()), clock.instant());
  }

  /** Streams an authorized filter's events; in a transaction so PostgreSQL fetches them in chunks. */
  @Transactional(readOnly = true)
  public void export(EventFilter authorized, Consumer<GuardEvent> sink) {
    repository.forEach(authorized, sink);
  }
}
