package io.jingzhi.gateway.api;

import io.jingzhi.iam.api.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Apps served as models on the OpenAI-compatible API: {@code /v1/chat/completions} hands a request for a model
 * named {@code app/<code>} to this SPI instead of a model server, and {@code /v1/models} lists the apps a caller may
 * use. Implemented by the agent module (which the gateway must not depend on); absent, {@code app/} models do not
 * exist.
 *
 * <p>Refusals are {@link io.jingzhi.common.error.ApiException}s: 404 for an app that is unknown or that the caller
 * may not use (answered as OpenAI's {@code model_not_found}), 429 when the runs are saturated.
 */
public interface AppModels {

  /** The prefix of model names served by apps. */
  String PREFIX = "app/";

  /** An app as {@code /v1/models} lists it ({@code id} is {@code app/<code>}). */
  record AppModel(String id, String name, Instant created) {}

  /**
   * One call: the app code (without the prefix), the last user message as the query, the earlier turns, the end user
   * the client named (OpenAI's {@code user}) and the start inputs (the extra body field {@code inputs}).
   */
  record AppCall(String code, String query, List<Turn> history, String endUser, Map<String, Object> inputs) {

    public AppCall {
      history = history == null ? List.of() : List.copyOf(history);
      inputs = inputs == null ? Map.of() : inputs;
    }
  }

  /** One earlier exchange of the chat. */
  record Turn(String query, String answer) {}

  /**
   * How the run ended: {@code status} is {@code succeeded}, {@code failed}, {@code cancelled} or {@code waiting}
   * (a human-input node, which an OpenAI client cannot answer).
   */
  record AppAnswer(long runId, String status, String answer, int promptTokens, int completionTokens,
      String errorCode, String errorMessage) {}

  /** Receives a streamed run as it happens. Throwing from a method means the client is gone: the run is cancelled. */
  interface Listener {

    /** The run was admitted and has its id (before any answer text). */
    default void started(long runId) {}

    /** A piece of the answer, in order. */
    default void delta(String text) {}

    /**
     * Nothing happened for {@link #IDLE_MS} (the run is still working: a model thinking, a slow step): a stream
     * writes a keep-alive comment, which also finds a client that has left.
     */
    default void idle() {}
  }

  /** How long a streamed run may be quiet before its listener hears {@link Listener#idle()}. */
  long IDLE_MS = 2_000;

  /** The apps the caller may use as models. */
  List<AppModel> visible(Caller caller);

  /**
   * Runs the app for the caller and waits for the end; answer text is passed to {@code listener} as it is produced.
   * Refusals before the run starts are thrown (see the type's documentation).
   */
  AppAnswer run(Caller caller, AppCall call, Listener listener);
}
