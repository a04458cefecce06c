package io.jingzhi.agent.run;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.app.AppDefinitions.RunnableApp;
import io.jingzhi.agent.engine.RunInfo;
import io.jingzhi.iam.api.Caller;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The conversation side of a run: which conversation a turn belongs to (a new one for the first chat turn), the
 * earlier turns the LLM nodes see as memory, and the conversation variables carried from turn to turn.
 */
@Component
class RunConversations {

  /** Turns given to the engine as history; older ones are left out. */
  static final int HISTORY_TURNS = 20;

  private final ConversationRepository conversations;
  private final JsonMapper json;
  private final Clock clock;

  RunConversations(ConversationRepository conversations, JsonMapper json, Clock clock) {
    this.conversations = conversations;
    this.json = json;
    this.clock = clock;
  }

  /** The conversation of a turn (null for none), its history and variables. */
  record Turn(String conversationId, List<RunInfo.Turn> history, Map<String, Object> variables) {}

  /**
   * The turn's conversation: the named one (404 {@code conversation.not_found} unless it is the caller's, with this
   * app), a new one for a chat turn without one, none for a run without a query or with client-given history.
   */
  Turn open(Caller caller, RunnableApp app, String conversationId, String query, String endUser,
      List<RunInfo.Turn> givenHistory) {
    if (conversationId != null) {
      Conversation c = owned(caller, conversationId);
      if (c.appId() != app.appId() || !Objects.equals(c.endUser(), endUser)) {
        throw notFound(conversationId);
      }
      return new Turn(c.id(), givenHistory != null ? givenHistory : history(c.id(), null),
          variables(c.id()));
    }
    if (givenHistory != null || query == null || query.isBlank()) {
      return new Turn(null, givenHistory == null ? List.of() : givenHistory, Map.of());
    }
    String id = UUID.randomUUID().toString();
    conversations.insert(id, app.appId(), app.code(), app.tenantId(), caller.userId(), caller.apiKeyId(), endUser,
        query.strip(), "{}", clock.instant());
    return new Turn(id, List.of(), Map.of());
  }

  /** The history and variables a resumed run continues with (its own turn left out). */
  Turn resumeTurn(Run run) {
    if (run.conversationId() == null) {
      return new Turn(null, List.of(), Map.of());
    }
    return new Turn(run.conversationId(), history(run.conversationId(), run.id()), variables(run.conversationId()));
  }

  /**
   * A turn ended, or paused for human input ({@code paused}): the variables it left; a paused turn is counted when
   * it ends, once.
   */
  void after(String conversationId, Map<String, Object> variables, boolean paused) {
    if (conversationId != null) {
      conversations.turn(conversationId, variables == null ? null : json.writeValueAsString(variables),
          paused ? 0 : 1, clock.instant());
    }
  }

  /** A conversation of the caller (the same user, and the same key for key callers). */
  Conversation owned(Caller caller, String id) {
    Conversation c = conversations.find(id).orElseThrow(() -> notFound(id));
    boolean sameKey = Objects.equals(c.apiKeyId(), caller.apiKeyId());
    if (c.userId() != caller.userId() || !sameKey || !caller.canSeeTenant(c.tenantId())) {
      throw notFound(id);
    }
    return c;
  }

  private List<RunInfo.Turn> history(String conversationId, Long except) {
    return conversations.turns(conversationId, HISTORY_TURNS + 1).stream()
        .filter(t -> Run.SUCCEEDED.equals(t.status()) && (except == null || t.runId() != except))
        .map(t -> new RunInfo.Turn(t.query(), t.answer())).toList().reversed().stream().limit(HISTORY_TURNS)
        .toList().reversed();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> variables(String conversationId) {
    return conversations.variables(conversationId).map(v -> (Map<String, Object>) json.readValue(v,
        LinkedHashMap.class)).orElse(Map.of());
  }

  static AgentException notFound(String id) {
    return new AgentException(HttpStatus.NOT_FOUND, "conversation.not_found", "Conversation " + id
        + " does not exist");
  }
}
