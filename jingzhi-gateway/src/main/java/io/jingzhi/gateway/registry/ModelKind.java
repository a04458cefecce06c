package io.jingzhi.gateway.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a model does, which decides the OpenAI endpoint that serves it. */
public enum ModelKind {
  CHAT, EMBEDDING, RERANK;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  /** "a chat model", "an embedding model", "a rerank model": for messages. */
  public String described() {
    return (this == EMBEDDING ? "an " : "a ") + wire() + " model";
  }

  @JsonCreator
  public static ModelKind of(String value) {
    return value == null ? null : valueOf(value.strip().toUpperCase());
  }
}
