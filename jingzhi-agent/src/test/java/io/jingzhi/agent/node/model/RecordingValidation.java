package io.jingzhi.agent.node.model;

import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Collects the problems a validate call reports, by field. */
final class RecordingValidation implements Validation {

  final Map<String, String> errors = new LinkedHashMap<>();

  @Override
  public void error(String field, String message) {
    errors.put(field, message);
  }

  @Override
  public Optional<VarType> typeOf(String selector) {
    return Optional.empty();
  }
}
