package io.jingzhi.agent.testing;

import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Collects the problems an executor reports at save time, by field. */
public final class RecordingValidation implements Validation {

  public final Map<String, String> errors = new LinkedHashMap<>();

  @Override
  public void error(String field, String message) {
    errors.put(field, message);
  }

  @Override
  public Optional<VarType> typeOf(String selector) {
    return Optional.empty();
  }
}
