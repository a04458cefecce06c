package io.jingzhi.gateway.limits;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Where a limit applies. Keys carry their own limits (on the key); the others are stored here. */
public enum LimitScope {
  TENANT("tenant"), PROJECT("project"), APP("app"), KEY("key");

  private final String wire;

  LimitScope(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  /** The scopes whose limits are set through the limits API and the bootstrap file. */
  public static Optional<LimitScope> settable(String wire) {
    return Arrays.stream(values()).filter(s -> s != KEY && s.wire.equals(wire)).findFirst();
  }
}
