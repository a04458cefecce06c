package io.jingzhi.guard.check;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.common.web.StrictText;
import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.answer.AnswerCatalog.AnswerMatch;
import io.jingzhi.guard.api.GuardDirection;
import io.jingzhi.guard.api.GuardFinding;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.guard.policy.PolicyTrace;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Callers;
import io.jingzhi.iam.api.Permissions;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The content-safety check: {@code POST /api/v1/guard/check} (API keys and users with {@code guard:check}) and
 * {@code POST /api/v1/guard/check/explain} for the test console ({@code guard:manage}; not recorded).
 */
@RestController
@RequestMapping("/api/v1/guard/check")
public class CheckController {

  static final int MAX_HISTORY = 50;

  private final GuardService guard;
  private final GuardProperties properties;
  private final JdbcClient jdbc;

  public CheckController(GuardService guard, GuardProperties properties, JdbcClient jdbc) {
    this.guard = guard;
    this.properties = properties;
    this.jdbc = jdbc;
  }

  /**
   * A text to check. {@code app}: id of an app of the caller's tenant whose policies apply (an API key's own app
   * by default). The explain endpoint also takes {@code user}, {@code roles} and {@code source_ip} to try out
   * how policies scoped by them decide.
   */
  public record CheckBody(@JsonDeserialize(using = StrictText.class) String text, String direction, Long app,
      @JsonDeserialize(contentUsing = StrictText.class) List<String> history, String model,
      String user, List<String> roles, String sourceIp) {}

  /** The verdict as the API shows it; {@code masked_text} only for {@code mask}. */
  public record CheckResult(String action, String riskLevel, List<String> categories, String maskedText,
      String answer, List<GuardFinding> matched, String policy, boolean enforced, String eventId, String redirect,
      boolean alert) {

    static CheckResult of(GuardVerdict v) {
      return new CheckResult(v.action().name().toLowerCase(Locale.ROOT), v.riskLevel(), v.categories(),
          v.action() == io.jingzhi.guard.api.GuardAction.MASK ? v.text() : null, v.answer(), v.matched(),
          v.policy(), v.enforced(), v.eventId(), v.redirect(), v.alert());
    }
  }

  /** Why: the engine's own decision, how each policy fared and which canned answer matched. */
  public record Explained(CheckResult verdict, String engineAction, double attackScore, List<PolicyTrace> policies,
      CannedMatch cannedAnswer) {}

  public record CannedMatch(long id, String question, double score, String method) {

    static CannedMatch of(AnswerMatch m) {
      return m == null ? null : new CannedMatch(m.answer().id(), m.answer().question(), m.score(), m.method());
    }
  }

  @PostMapping
  public CheckResult check(@RequestBody CheckBody body) {
    Caller caller = Callers.current();
    caller.require(Permissions.GUARD_CHECK);
    GuardRequest request = request(body);
    return CheckResult.of(guard.check(subject(caller, body, false), request));
  }

  @PostMapping("/explain")
  public Explained explain(@RequestBody CheckBody body) {
    Caller caller = Callers.current();
    caller.require(Permissions.GUARD_MANAGE);
    GuardRequest request = request(body);
    GuardService.Explanation e = guard.explain(subject(caller, body, true), request);
    return new Explained(CheckResult.of(e.verdict()), e.engineAction(), e.attackScore(), e.policies(),
        CannedMatch.of(e.answer()));
  }

  private GuardRequest request(CheckBody body) {
    if (body == null) {
      throw ApiException.badRequest("malformed_body", "The request body is missing");
    }
    if (body.text() == null || body.text().isEmpty()) {
      throw ApiException.invalid("text", "required: the text to check");
    }
    int max = properties.maxCheckChars();
    if (body.text().length() > max) {
      throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "guard.text_too_long", "text has "
          + body.text().length() + " characters; at most " + max + " are checked in one call",
          List.of(new FieldError("text", "at most " + max + " characters")));
    }
    GuardDirection direction = switch (body.direction() == null ? "input" : body.direction()) {
      case "input" -> GuardDirection.INPUT;
      case "output" -> GuardDirection.OUTPUT;
      default -> throw ApiException.invalid("direction", "must be input or output");
    };
    List<String> history = body.history() == null ? List.of() : body.history();
    if (history.size() > MAX_HISTORY) {
      throw ApiException.invalid("history", "at most " + MAX_HISTORY + " earlier turns");
    }
    long total = 0;
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i) == null) {
        throw ApiException.invalid("history[" + i + "]", "must be a text");
      }
      total += history.get(i).length();
    }
    if (total > max) {
      throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "guard.text_too_long", "history has " + total
          + " characters; at most " + max + " are checked in one call",
          List.of(new FieldError("history", "at most " + max + " characters in all")));
    }
    return new GuardRequest(body.text(), direction, history);
  }

  private GuardSubject subject(Caller caller, CheckBody body, boolean simulate) {
    Long appId = body.app() != null ? body.app() : caller.appId();
    Long tenantId = caller.tenantId();
    if (body.app() != null) {
      Long appTenant = jdbc.sql("""
          select o.tenant_id from iam_apps a join iam_projects p on p.id = a.project_id
            join iam_orgs o on o.id = p.org_id where a.id = :id""").param("id", body.app()).query(Long.class)
          .optional().orElseThrow(() -> ApiException.notFound("app", body.app()));
      if (!caller.canSeeTenant(appTenant)) {
        throw ApiException.notFound("app", body.app());
      }
      tenantId = appTenant;
    }
    if (body.model() != null && body.model().length() > 128) {
      throw ApiException.invalid("model", "at most 128 characters");
    }
    String username = caller.username();
    Long userId = caller.userId();
    Set<String> roles = caller.roles();
    String ip = caller.sourceIp();
    if (simulate) {
      if (body.user() != null && !body.user().isBlank()) {
        username = body.user().strip();
        userId = null;
      }
      if (body.roles() != null) {
        roles = Set.copyOf(body.roles().stream().filter(r -> r != null && !r.isBlank()).toList());
      }
      if (body.sourceIp() != null && !body.sourceIp().isBlank()) {
        ip = body.sourceIp().strip();
      }
    }
    return new GuardSubject(tenantId, caller.orgId(), userId, username, roles, null, appId, caller.apiKeyId(),
        body.model(), ip, simulate ? "console" : "api");
  }
}
