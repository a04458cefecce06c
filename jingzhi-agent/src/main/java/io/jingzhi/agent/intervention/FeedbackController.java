package io.jingzhi.agent.intervention;

import io.jingzhi.agent.AgentCallers;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Feedback on runs: {@code POST /api/v1/runs/{id}/feedback} (users and the API key a run ran under) and the review
 * of an app's feedback, {@code GET /api/v1/apps/{code}/feedback} and {@code POST .../feedback/{id}/adopt} (users).
 */
@RestController
public class FeedbackController {

  private final FeedbackService service;

  public FeedbackController(FeedbackService service) {
    this.service = service;
  }

  /** The body of an adoption: an answer that replaces the feedback's corrected one (optional). */
  public record Adoption(String answer) {}

  @PostMapping("/api/v1/runs/{runId}/feedback")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "agent.feedback.create", target = "agent_run")
  public Feedback give(@PathVariable long runId, @RequestBody Specs.FeedbackSpec spec) {
    return service.give(Callers.current(), runId, spec);
  }

  @GetMapping("/api/v1/apps/{code}/feedback")
  public PageResult<Feedback> list(@PathVariable String code, @RequestParam(required = false) String rating,
      @RequestParam(required = false) String status, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.list(AgentCallers.user(), code, rating, status, PageQuery.of(page, size));
  }

  @PostMapping("/api/v1/apps/{code}/feedback/{id}/adopt")
  @Audited(value = "agent.feedback.adopt", target = InterventionService.RESOURCE)
  public Feedback adopt(@PathVariable String code, @PathVariable long id,
      @RequestBody(required = false) Adoption body) {
    return service.adopt(AgentCallers.user(), code, id, body == null ? null : body.answer());
  }
}
