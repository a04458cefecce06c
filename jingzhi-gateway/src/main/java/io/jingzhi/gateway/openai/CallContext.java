package io.jingzhi.gateway.openai;

import io.jingzhi.common.web.RequestIds;
import io.jingzhi.gateway.provider.Cancellation;
import io.jingzhi.gateway.usage.ModelCallCompleted;
import io.jingzhi.iam.api.ApiKeyGrants;
import io.jingzhi.iam.api.Caller;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** The bookkeeping of one call: who, what, and the figures that end up in its usage record. */
final class CallContext {

  final Caller caller;
  final ApiKeyGrants.Grant grant;
  final String api;
  final String requestedModel;
  final boolean stream;
  final long startNanos = System.nanoTime();
  final Instant startedAt = Instant.now();
  final String requestId = RequestIds.current();
  /** Cancelled when the client of a stream is found gone before the first token: the upstream request stops. */
  final Cancellation cancellation = new Cancellation();
  Long endpointId;
  /** The model whose endpoint was tried last (a fallback model when the chain went on to one), or null. */
  String attemptedModel;
  long firstTokenNanos = -1;
  long upstreamWaitNanos;
  /** Time spent waiting for capacity before the upstream call; counted out of the gateway overhead. */
  long queueWaitNanos;
  int promptTokens;
  int completionTokens;
  boolean estimated;
  /** What the security guard did to the prompt and to the output ({@link ModelCallCompleted}), or null. */
  String guardInput;
  String guardOutput;
  String status = "error";
  int httpStatus = 500;

  CallContext(Caller caller, ApiKeyGrants.Grant grant, String api, String requestedModel, boolean stream) {
    this.caller = caller;
    this.grant = grant;
    this.api = api;
    this.requestedModel = requestedModel;
    this.stream = stream;
  }

  void markFirstToken() {
    if (firstTokenNanos < 0) {
      firstTokenNanos = System.nanoTime();
    }
  }

  ModelCallCompleted completed(String servedModel) {
    long now = System.nanoTime();
    long ttftMs = firstTokenNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(firstTokenNanos - startNanos);
    long overheadMicros = firstTokenNanos < 0 ? -1
        : Math.max(0, TimeUnit.NANOSECONDS.toMicros(firstTokenNanos - startNanos - upstreamWaitNanos
            - queueWaitNanos));
    return new ModelCallCompleted(startedAt, api, caller.tenantId(), grant == null ? null : grant.projectId(),
        grant == null ? null : grant.appId(), caller.apiKeyId(), caller.userId(),
        attemptedModel != null ? attemptedModel : servedModel, endpointId,
        promptTokens, completionTokens, estimated, stream, status, httpStatus, ttftMs,
        TimeUnit.NANOSECONDS.toMillis(now - startNanos), overheadMicros,
        TimeUnit.NANOSECONDS.toMillis(queueWaitNanos), requestId, guardInput, guardOutput);
  }
}
