package io.jingzhi.gateway.openai;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
  /** Char offsets of the top-level {@code "id"} string value, quotes included; -1 when absent. */
  int idStart = -1;
  int idEnd = -1;
  /** With detail only: the chunk's {@code id} and {@code created}, and what each choice carries, in order. */
  String id;
  long created = -1;
  List<Choice> parts;

  /**
   * One choice of a chunk as the output guard needs it: its index, its {@code delta.content} text and where the
   * string literal sits in the payload (quotes included; -1 when absent), its finish reason, and whether its delta
   * carries anything besides content and role (tool calls, refusal...) so that it must be sent even when empty.
   */
  static final class Choice {
    int index;
    String content;
    int contentStart = -1;
    int contentEnd = -1;
    String finishReason;
    boolean role;
    boolean otherDelta;
  }

  private ChunkScan() {}

  /** Scans {@code payload}; the text of every {@code choices[].delta.content} is appended to {@code content}. */
  static ChunkScan of(JsonMapper json, String payload, StringBuilder content) {
    return of(json, payload, content, false);
  }

  /** As {@link #of(JsonMapper, String, StringBuilder)}; with {@code detail} also fills {@link #parts}. */
  static ChunkScan of(JsonMapper json, String payload, StringBuilder content, boolean detail) {
    ChunkScan s = new ChunkScan();
    if (detail) {
      s.parts = new ArrayList<>(1);
    }
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
          case "model" -> {
            int[] span = span(p, v, payload);
            if (span != null) {
              s.modelStart = span[0];
              s.modelEnd = span[1];
            }
          }
          case "error" -> {
            s.error = v != JsonToken.VALUE_NULL;
            p.skipChildren();
          }
          case "usage" -> {
            s.usageKey = true;
            s.usage(p, v);
          }
          case "choices" -> s.choices(p, v, content);
          case "id" -> {
            int[] span = span(p, v, payload);
            if (span != null) {
              s.idStart = span[0];
              s.idEnd = span[1];
              if (detail) {
                s.id = p.getString(); // the current token's text, already read
              }
            }
          }
          case "created" -> {
            if (detail && v == JsonToken.VALUE_NUMBER_INT) {
              s.created = p.getLongValue();
            }
          }
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

  /**
   * The payload with the model name replaced by {@code quotedModel} and, unless {@code quotedId} is null, the id by
   * {@code quotedId} (JSON string literals); null if a field to replace is absent.
   */
  String renamed(String payload, String quotedModel, String quotedId) {
    if (modelStart < 0 || quotedId != null && idStart < 0) {
      return null;
    }
    if (quotedId == null) {
      return payload.substring(0, modelStart) + quotedModel + payload.substring(modelEnd);
    }
    return splice(payload, List.of(new Splice(modelStart, modelEnd, quotedModel), new Splice(idStart, idEnd,
        quotedId)));
  }

  /** A stretch of a payload ({@code start} to {@code end}, char offsets) and what replaces it. */
  record Splice(int start, int end, String value) {}

  /** The payload with every splice made; the splices must not overlap. */
  static String splice(String payload, List<Splice> splices) {
    StringBuilder s = new StringBuilder(payload);
    // From the end, so that the offsets of the earlier ones stay valid.
    splices.stream().sorted(Comparator.comparingInt(Splice::start).reversed())
        .forEach(x -> s.replace(x.start(), x.end(), x.value()));
    return s.toString();
  }

  /** Where a string value sits in the payload (quotes included), read to its closing quote; null for others. */
  private static int[] span(JsonParser p, JsonToken v, String payload) {
    if (v != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return null;
    }
    int start = (int) p.currentTokenLocation().getCharOffset();
    p.getString(); // reads to the closing quote
    int end = (int) p.currentLocation().getCharOffset();
    if (start >= 0 && end > start && end <= payload.length() && payload.charAt(start) == '"'
        && payload.charAt(end - 1) == '"') {
      return new int[] {start, end};
    }
    return null;
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
      Choice part = parts == null ? null : new Choice();
      if (part != null) {
        part.index = choices;
        parts.add(part);
      }
      choices++;
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken n = p.nextToken();
        if (name.equals("delta") && n == JsonToken.START_OBJECT) {
          delta(p, content, part);
        } else if (part != null && name.equals("index") && n == JsonToken.VALUE_NUMBER_INT) {
          part.index = p.getIntValue();
        } else if (part != null && name.equals("finish_reason") && n == JsonToken.VALUE_STRING) {
          part.finishReason = p.getString();
        } else {
          p.skipChildren();
        }
      }
    }
  }

  private void delta(JsonParser p, StringBuilder content, Choice part) {
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String field = p.currentName();
      JsonToken c = p.nextToken();
      if (field.equals("content") && c == JsonToken.VALUE_STRING) {
        int start = part == null ? -1 : (int) p.currentTokenLocation().getCharOffset();
        String text = p.getString();
        content.append(text);
        if (part != null) {
          part.content = text;
          part.contentStart = start;
          part.contentEnd = (int) p.currentLocation().getCharOffset();
        }
      } else {
        if (part != null && field.equals("role")) {
          part.role = true;
        } else if (part != null && !(field.equals("content") && c == JsonToken.VALUE_NULL)) {
          part.otherDelta = true;
        }
        p.skipChildren();
      }
    }
  }
}
