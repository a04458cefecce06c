package io.jingzhi.common.web;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * A JSON string and nothing else for a text field: Jackson reads {@code 123} or {@code true} as the text "123" or
 * "true", and an API that checks a text must not pass a number off as one. Put it on a field with
 * {@code @JsonDeserialize(using = StrictText.class)} (a list: {@code contentUsing}); anything but a string is a 400
 * naming the field.
 */
public final class StrictText extends ValueDeserializer<String> {

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.getString();
    }
    return (String) ctxt.handleUnexpectedToken(String.class, p);
  }
}
