package io.jingzhi.gateway.openai;

import io.jingzhi.iam.api.Caller;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A call refused for its own parameters before a model was chosen (temperature "abc", messages not an array, no
 * input): it still leaves a usage record, {@code rejected} with its HTTP status, like the calls refused later (an
 * unknown model, a limit), so no call a credential made goes unrecorded.
 */
@Component
class RefusedCalls {

  /** The usage record's model column is this long at most. */
  private static final int MODEL_CHARS = 128;

  private final ModelAccess access;
  private final ApplicationEventPublisher events;

  RefusedCalls(ModelAccess access, ApplicationEventPublisher events) {
    this.access = access;
    this.events = events;
  }

  /** Runs a request's own checks; a refusal among them is recorded before it goes back to the client. */
  <T> T checked(Caller caller, String api, JsonNode body, Supplier<T> checks) {
    try {
      return checks.get();
    } catch (OpenAiException refusal) {
      record(caller, api, body, refusal);
      throw refusal;
    }
  }

  private void record(Caller caller, String api, JsonNode body, OpenAiException refusal) {
    String model = body != null && body.path("model").isString() ? body.path("model").asString() : "";
    model = model.length() > MODEL_CHARS ? model.substring(0, MODEL_CHARS) : model;
    CallContext ctx = new CallContext(caller, access.grant(caller).orElse(null), api, model,
        body != null && body.path("stream").asBoolean(false));
    ctx.status = "rejected";
    ctx.httpStatus = refusal.status();
    events.publishEvent(ctx.completed(model));
  }
}
