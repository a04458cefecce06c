package io.jingzhi.gateway.openai;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * One pass of Jackson's streaming parser over a chunk of an upstream chat stream: what the relay must know
 * (content, usage, an error, where the model name is) without building a tree and serializing it again. The
 * relay then sends the upstream's own text with only the model name replaced; anything unusual (no model
 * field, usage inside a content chunk the client did not ask for, unreadable) goes the tree way.
 */
final class ChunkScan {

  /** Whether the payload is a well-formed JSON object; everything below is meaningless otherwise. */
  boolean valid;
  boolean error;
  /** A {@code "usage"} key is present (even {@code null}). */
  boolean usageKey;
  /** A usage object is present. */
  boolean usage;
  int promptTokens = -1;
  int completionTokens = -1;
  int choices;
  /** Char offsets of the top-level {@code "model"} string value, quotes included; -1 when absent. */
  int modelStart = -1;
  int modelEnd = -1;

  private ChunkScan() {}

  /** Scans {@code payload}; the text of every {@code choices[].delta.content} is appended to {@code content}. */
  static ChunkScan of(JsonMapper json, String payload, StringBuilder content) {
    ChunkScan s = new ChunkScan();
    int mark = content.length();
    try (JsonParser p = json.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return s;
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "model" -> s.model(p, v, payload);
          case "error" -> {
            s.error = v != JsonToken.VALUE_NULL;
            p.skipChildren();
          }
          case "usage" -> {
            s.usageKey = true;
            s.usage(p, v);
          }
          case "choices" -> s.choices(p, v, content);
          default -> p.skipChildren();
        }
      }
      s.valid = t == JsonToken.END_OBJECT && p.nextToken() == null;
    } catch (JacksonException e) {
      s.valid = false;
    }
    if (!s.valid) {
      content.setLength(mark);
    }
    return s;
  }

  /** The payload with the model name replaced by {@code quotedModel} (a JSON string literal), or null if absent. */
  String withModel(String payload, String quotedModel) {
    if (modelStart < 0) {
      return null;
    }
    return payload.substring(0, modelStart) + quotedModel + payload.substring(modelEnd);
  }

  private void model(JsonParser p, JsonToken v, String payload) {
    if (v != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return;
    }
    int start = (int) p.currentTokenLocation().getCharOffset();
    p.getString(); // reads to the closing quote
    int end = (int) p.currentLocation().getCharOffset();
    if (start >= 0 && end > start && end <= payload.length() && payload.charAt(start) == '"'
        && payload.charAt(end - 1) == '"') {
      modelStart = start;
      modelEnd = end;
    }
  }

  private void usage(JsonParser p, JsonToken v) {
    if (v != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    usage = true;
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken n = p.nextToken();
      if (n == JsonToken.VALUE_NUMBER_INT && name.equals("prompt_tokens")) {
        promptTokens = p.getIntValue();
      } else if (n == JsonToken.VALUE_NUMBER_INT && name.equals("completion_tokens")) {
        completionTokens = p.getIntValue();
      } else {
        p.skipChildren();
      }
    }
  }

  private void choices(JsonParser p, JsonToken v, StringBuilder content) {
    if (v != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      choices++;
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken n = p.nextToken();
        if (name.equals("delta") && n == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = p.currentName();
            JsonToken c = p.nextToken();
            if (field.equals("content") && c == JsonToken.VALUE_STRING) {
              content.append(p.getString());
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
  }
}
