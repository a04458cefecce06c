package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.GatewayProperties;
import io.jingzhi.gateway.limits.AdmissionControl;
import io.jingzhi.gateway.limits.LimitExceeded;
import io.jingzhi.gateway.registry.Model;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Admission for the OpenAI API: asks {@link AdmissionControl} with the call's token estimate, answers refusals in
 * OpenAI's shape with {@code Retry-After}, and at the end charges what the call really used.
 */
@Component
class LimitGate {

  private final AdmissionControl admission;
  private final GatewayProperties properties;

  LimitGate(AdmissionControl admission, GatewayProperties properties) {
    this.admission = admission;
    this.properties = properties;
  }

  /** Admits the call or throws a 429 (or, failing closed, 503) {@link OpenAiException}. */
  AdmissionControl.Permit admit(CallContext ctx, Model model, long estimate) {
    try {
      AdmissionControl.Permit permit = admission.admit(ctx.caller, Optional.ofNullable(ctx.grant), model.name(),
          estimate);
      ctx.queueWaitNanos = permit.queueWaitNanos();
      return permit;
    } catch (LimitExceeded e) {
      ctx.queueWaitNanos = e.queueWaitNanos();
      OpenAiException refused = new OpenAiException(e.status(), e.status() == 429 ? "rate_limit_error" : "api_error",
          e.code(), null, e.getMessage(), e.retryAfterSeconds());
      refused.initCause(e); // a 503 (the counter store failed closed) is logged with its cause
      throw refused;
    }
  }

  /** Tokens a chat call may use: its prompt plus {@code max_completion_tokens}, {@code max_tokens} or a default. */
  long chatEstimate(JsonNode request, int promptTokens) {
    JsonNode max = request.hasNonNull("max_completion_tokens") ? request.get("max_completion_tokens")
        : request.get("max_tokens");
    long completion = max != null && max.isIntegralNumber() && max.asLong() > 0 ? max.asLong()
        : properties.limits().defaultMaxTokens();
    return promptTokens + completion;
  }

  /**
   * Frees the call's slots and charges its real tokens: what the model produced when anything reached the
   * client (a cancelled or broken stream still used the model), nothing when the call never got an answer.
   */
  static void finish(AdmissionControl.Permit permit, CallContext ctx) {
    if (permit != null) {
      permit.finish(ctx.firstTokenNanos >= 0 ? (long) ctx.promptTokens + ctx.completionTokens : 0);
    }
  }
}
