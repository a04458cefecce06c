package io.jingzhi.agent.run;

import java.time.Instant;
import java.util.List;

/**
 * A conversation of one caller with one app: its turns are the runs that name it; {@code variables} are the
 * workflow's conversation variables as the last turn left them.
 *
 * @param endUser the end user an API key named, so that one key's users keep separate conversations
 */
public record Conversation(String id, long appId, String appCode, long tenantId, long userId, Long apiKeyId,
    String endUser, String title, int turnCount, Instant createdAt, Instant updatedAt, List<Turn> turns) {

  /** One turn: the run, what was asked and answered. */
  public record Turn(long runId, String query, String answer, String status, boolean intervened,
      Instant createdAt) {}
}
