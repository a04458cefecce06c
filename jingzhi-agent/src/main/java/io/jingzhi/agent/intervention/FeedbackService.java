package io.jingzhi.agent.intervention;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Feedback on runs (回流): whoever may rate a run ({@link RunLookup}) rates it up or down, optionally with a
 * corrected answer; editors review an app's feedback and adopt a corrected answer as a curated pair for the run's
 * query. Audited.
 */
@Service
class FeedbackService {

  private final RunLookup runs;
  private final AppLookup apps;
  private final FeedbackRepository repository;
  private final InterventionService interventions;
  private final AuditLog audit;
  private final Clock clock;

  FeedbackService(RunLookup runs, AppLookup apps, FeedbackRepository repository, InterventionService interventions,
      AuditLog audit, Clock clock) {
    this.runs = runs;
    this.apps = apps;
    this.repository = repository;
    this.interventions = interventions;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional
  Feedback give(Caller caller, long runId, Specs.FeedbackSpec spec) {
    RunLookup.Run run = runs.rateable(caller, runId);
    Specs.FeedbackSpec valid = spec.validated();
    long id = repository.insert(run, caller.userId(), valid, clock.instant());
    audit.record(AuditRecord.success(caller, "agent.feedback.create", "agent_run", runId, "feedback " + id, null,
        valid.rating()));
    return repository.find(run.appId(), id).orElseThrow();
  }

  PageResult<Feedback> list(Caller caller, String code, String rating, String status, PageQuery page) {
    if (rating != null && !rating.equals("up") && !rating.equals("down")) {
      throw ApiException.invalid("rating", "must be up or down");
    }
    if (status != null && !status.equals("new") && !status.equals("adopted")) {
      throw ApiException.invalid("status", "must be new or adopted");
    }
    return repository.page(apps.readable(caller, code).id(), rating, status, page);
  }

  /**
   * Turns the feedback's corrected answer (or {@code answer} given here, which wins) into the curated pair of the
   * run's query.
   */
  @Transactional
  Feedback adopt(Caller caller, String code, long id, String answer) {
    AppLookup.App app = apps.writable(caller, code);
    Feedback f = repository.find(app.id(), id).orElseThrow(() -> new AgentException(HttpStatus.NOT_FOUND,
        "feedback.not_found", "No feedback " + id + " in app " + code));
    String text = answer != null && !answer.isBlank() ? answer : f.correctedAnswer();
    if (text == null || text.isBlank()) {
      throw ApiException.invalid("answer", "the feedback has no corrected answer: send one");
    }
    if (f.query() == null || f.query().isBlank()) {
      throw new AgentException(HttpStatus.CONFLICT, "feedback.no_query",
          "The run had no query (not a chat turn): there is no question to curate");
    }
    long qa = interventions.upsertFromFeedback(caller, app, new Specs.QaSpec(f.query(), text, true).validated(""));
    repository.adopted(id, qa);
    audit.record(AuditRecord.success(caller, "agent.feedback.adopt", InterventionService.RESOURCE, app.id(),
        app.code() + " feedback " + id, null, "qa " + qa));
    return repository.find(app.id(), id).orElseThrow();
  }
}
