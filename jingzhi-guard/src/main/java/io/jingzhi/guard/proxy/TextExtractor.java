package io.jingzhi.guard.proxy;

import io.jingzhi.guard.proxy.JsonPath.Slot;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds the texts to inspect in an app's JSON: OpenAI-style bodies (chat messages, prompt, input; choices of a
 * completion; deltas of a stream) or the JSON paths configured on the route.
 */
final class TextExtractor {

  private TextExtractor() {}

  /**
   * The prompt of a request. OpenAI chat bodies: the last user message is inspected, the earlier user messages are
   * its history (multi-turn attacks); {@code prompt} and {@code input} are inspected whole.
   */
  static Texts request(CompiledRoute route, JsonNode body) {
    if (!route.openAiExtraction()) {
      return new Texts(find(route.requestPaths(), body), List.of());
    }
    List<List<Slot>> turns = new ArrayList<>();
    if (body.get("messages") instanceof ArrayNode messages) {
      for (JsonNode m : messages) {
        if (m instanceof ObjectNode message && "user".equals(message.path("role").asString(""))) {
          List<Slot> parts = contentSlots(message, "content");
          if (!parts.isEmpty()) {
            turns.add(parts);
          }
        }
      }
    }
    List<Slot> other = new ArrayList<>();
    other.addAll(stringOrStrings(body, "prompt"));
    other.addAll(inputSlots(body));
    if (!other.isEmpty() || turns.isEmpty()) {
      List<Slot> all = new ArrayList<>();
      turns.forEach(all::addAll);
      all.addAll(other);
      return new Texts(all, List.of());
    }
    List<String> history = turns.subList(0, turns.size() - 1).stream()
        .map(t -> new Texts(t, List.of()).joined()).toList();
    return new Texts(turns.getLast(), history);
  }

  /** A message of an OpenAI chat body besides the main one, and whether the guard may stop the request on it. */
  record Context(Texts texts, boolean mayStop) {}

  /**
   * The other messages of an OpenAI chat body, each checked on its own after the main text (see
   * {@link #request}): earlier user turns and {@code tool}/{@code function} results may stop the request,
   * {@code system}/{@code developer} messages only have personal data masked; assistant turns are not inspected.
   * Empty when the body's texts are all inspected as the main text ({@code prompt}/{@code input} bodies).
   */
  static List<Context> context(CompiledRoute route, JsonNode body) {
    if (!route.openAiExtraction() || !(body.get("messages") instanceof ArrayNode messages)
        || !stringOrStrings(body, "prompt").isEmpty() || !inputSlots(body).isEmpty()) {
      return List.of();
    }
    int last = -1;
    for (int i = 0; i < messages.size(); i++) {
      if ("user".equals(messages.get(i).path("role").asString("")) && messages.get(i) instanceof ObjectNode m
          && !contentSlots(m, "content").isEmpty()) {
        last = i;
      }
    }
    List<Context> out = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      if (i == last || !(messages.get(i) instanceof ObjectNode message)) {
        continue;
      }
      Boolean mayStop = switch (message.path("role").asString("")) {
        case "user", "tool", "function" -> true;
        case "system", "developer" -> false;
        default -> null;
      };
      List<Slot> slots = mayStop == null ? List.of() : contentSlots(message, "content");
      if (!slots.isEmpty()) {
        out.add(new Context(new Texts(slots, List.of()), mayStop));
      }
    }
    return out;
  }

  /** The generated texts of a whole (non-streamed) JSON response. */
  static Texts response(CompiledRoute route, JsonNode body) {
    if (!route.openAiExtraction()) {
      return new Texts(find(route.responsePaths(), body), List.of());
    }
    List<Slot> slots = new ArrayList<>();
    if (body.get("choices") instanceof ArrayNode choices) {
      for (JsonNode c : choices) {
        if (c.get("message") instanceof ObjectNode message) {
          slots.addAll(contentSlots(message, "content"));
        }
        slots.addAll(stringOrStrings(c, "text"));
      }
    }
    if (body.get("output") instanceof ArrayNode output) { // the Responses API
      for (JsonNode item : output) {
        if (item instanceof ObjectNode o) {
          slots.addAll(contentSlots(o, "content"));
        }
      }
    }
    return new Texts(slots, List.of());
  }

  /**
   * The generated texts of one server-sent event, per stream: OpenAI chunks have one stream per choice index (its
   * {@code delta.content} or {@code text}); configured stream paths make one stream (key 0).
   */
  static List<Integer> streamKeys(CompiledRoute route, JsonNode event) {
    if (!route.openAiExtraction()) {
      return find(route.streamPaths(), event).isEmpty() ? List.of() : List.of(0);
    }
    List<Integer> keys = new ArrayList<>();
    if (event.get("choices") instanceof ArrayNode choices) {
      for (int i = 0; i < choices.size(); i++) {
        keys.add(choices.get(i).path("index").asInt(i));
      }
    }
    return keys;
  }

  /** The text slots of stream {@code key} in an event (see {@link #streamKeys}). */
  static List<Slot> streamSlots(CompiledRoute route, JsonNode event, int key) {
    if (!route.openAiExtraction()) {
      return find(route.streamPaths(), event);
    }
    JsonNode choice = choice(event, key);
    if (choice == null) {
      return List.of();
    }
    List<Slot> slots = new ArrayList<>();
    if (choice.get("delta") instanceof ObjectNode delta) {
      slots.addAll(contentSlots(delta, "content"));
    }
    slots.addAll(stringOrStrings(choice, "text"));
    return slots;
  }

  /** The choice object with this index in an OpenAI chunk, or null. */
  static ObjectNode choice(JsonNode event, int key) {
    if (event.get("choices") instanceof ArrayNode choices) {
      for (int i = 0; i < choices.size(); i++) {
        if (choices.get(i) instanceof ObjectNode c && c.path("index").asInt(i) == key) {
          return c;
        }
      }
    }
    return null;
  }

  private static List<Slot> find(List<JsonPath> paths, JsonNode body) {
    List<Slot> out = new ArrayList<>();
    for (JsonPath p : paths) {
      out.addAll(p.find(body));
    }
    return out;
  }

  /** A string content, or the text parts of a content array ({@code [{type: text, text: …}]}). */
  private static List<Slot> contentSlots(ObjectNode holder, String field) {
    JsonNode content = holder.get(field);
    if (content != null && content.isString()) {
      return List.of(new Slot(holder, field, -1));
    }
    List<Slot> out = new ArrayList<>();
    if (content instanceof ArrayNode parts) {
      for (JsonNode p : parts) {
        if (p instanceof ObjectNode part && part.get("text") != null && part.get("text").isString()) {
          out.add(new Slot(part, "text", -1));
        }
      }
    }
    return out;
  }

  private static List<Slot> stringOrStrings(JsonNode holder, String field) {
    JsonNode v = holder.get(field);
    if (v != null && v.isString()) {
      return List.of(new Slot(holder, field, -1));
    }
    List<Slot> out = new ArrayList<>();
    if (v instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isString()) {
          out.add(new Slot(a, null, i));
        }
      }
    }
    return out;
  }

  /** The Responses API {@code input}: a string, strings, or items whose content is a string or text parts. */
  private static List<Slot> inputSlots(JsonNode body) {
    List<Slot> out = new ArrayList<>(stringOrStrings(body, "input"));
    if (body.get("input") instanceof ArrayNode items) {
      for (JsonNode item : items) {
        if (item instanceof ObjectNode o && !"assistant".equals(o.path("role").asString(""))) {
          out.addAll(contentSlots(o, "content"));
        }
      }
    }
    return out;
  }
}
