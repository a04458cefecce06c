package io.jingzhi.agent.app;

import java.time.Instant;

/**
 * One stored version of an app: 0 is the draft, 1.. are published and never change.
 *
 * @param definition the definition as stored (JSON text, secrets sealed)
 * @param assistant the assistant form (JSON text) of an assistant app, null for workflows
 * @param publisher display name of who published it
 */
public record AppVersion(long appId, int version, String format, String definition, String assistant, String note,
    Long publishedBy, String publisher, Instant publishedAt, Instant updatedAt) {

  public static final int DRAFT = 0;
}
