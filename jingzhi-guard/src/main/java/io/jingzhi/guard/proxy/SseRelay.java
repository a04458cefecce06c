package io.jingzhi.guard.proxy;

import io.jingzhi.guard.api.OutputGuard;
import io.jingzhi.guard.api.OutputGuard.Release;
import io.jingzhi.guard.proxy.JsonPath.Slot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relays a server-sent event stream from the app to the client, inspecting the generated text as it goes: each
 * event's text is fed to an {@link OutputGuard} and replaced by what the guard releases (the guard holds back a
 * bounded window). On a violation the refusal is sent as a last event in the app's own event shape (an OpenAI chunk
 * with {@code finish_reason: content_filter} followed by {@code [DONE]}) and the stream ends. Events without text
 * (roles, usage, comments, keep-alives) pass unchanged. An app that goes silent longer than the idle limit
 * ({@link IdleWatch}) gets the client's stream ended with an error event; what the guard still holds back is not
 * sent (it was never inspected whole).
 */
final class SseRelay {

  private final CompiledRoute route;
  private final Supplier<OutputGuard> opener;
  private final JsonMapper json;
  private final Map<Integer, OutputGuard> guards = new LinkedHashMap<>();
  private final Map<Integer, JsonNode> templates = new HashMap<>();
  private final Set<Integer> finished = new HashSet<>();
  private OutputStream out;
  private boolean ended;

  SseRelay(CompiledRoute route, Supplier<OutputGuard> opener, JsonMapper json) {
    this.route = route;
    this.opener = opener;
    this.json = json;
  }

  /** Outcome of a relay, for the caller to record. */
  enum Ending { COMPLETE, CUT, IDLE_TIMEOUT }

  Ending relay(InputStream in, OutputStream out, IdleWatch watch) throws IOException {
    this.out = out;
    out.flush(); // the client sees the status and headers at once, before the first event
    var reader = new BufferedReader(new InputStreamReader(watch == null ? in : watch.stream(),
        StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String line;
    while (!ended) {
      try {
        line = reader.readLine();
      } catch (IOException e) {
        if (watch == null || !watch.expired()) {
          throw e;
        }
        idleError(watch);
        return Ending.IDLE_TIMEOUT;
      }
      if (line == null) {
        break;
      }
      if (line.isEmpty()) {
        if (!lines.isEmpty()) {
          handle(lines);
          lines.clear();
        }
      } else {
        lines.add(line);
      }
    }
    if (!ended && !lines.isEmpty()) {
      handle(lines);
    }
    if (!ended && finishAll() && route.openAiExtraction()) {
      write("data: [DONE]\n\n");
    }
    return ended ? Ending.CUT : Ending.COMPLETE;
  }

  /**
   * Ends the client's stream after the app fell silent: an error event as OpenAI sends one mid-stream (for other
   * apps as an SSE {@code error} event with the same data), no {@code [DONE]}, so clients see an incomplete answer.
   */
  private void idleError(IdleWatch watch) throws IOException {
    ObjectNode error = json.createObjectNode();
    error.putObject("error").put("message", "The app sent nothing for " + watch.limit().toMillis()
        + " ms; the answer above is incomplete.").put("type", "api_error").putNull("param")
        .put("code", "upstream_idle_timeout");
    write((route.openAiExtraction() ? "" : "event: error\n") + "data: " + json.writeValueAsString(error) + "\n\n");
  }

  private void handle(List<String> lines) throws IOException {
    List<String> other = new ArrayList<>();
    List<String> data = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("data:")) {
        String d = l.substring(5);
        data.add(d.startsWith(" ") ? d.substring(1) : d);
      } else {
        other.add(l);
      }
    }
    String original = String.join("\n", lines) + "\n\n";
    if (data.isEmpty()) {
      write(original);
      return;
    }
    String payload = String.join("\n", data);
    if (payload.strip().equals("[DONE]")) {
      if (finishAll()) {
        write("data: [DONE]\n\n");
        return;
      }
      write(original);
      return;
    }
    JsonNode event;
    try {
      event = json.readTree(payload);
    } catch (JacksonException e) {
      write(original); // not JSON: nothing to read, passed as sent
      return;
    }
    if (event == null || !event.isContainer() || TextExtractor.streamKeys(route, event).isEmpty()) {
      write(original);
      return;
    }
    boolean modified = false;
    for (int key : TextExtractor.streamKeys(route, event)) {
      Outcome o = feed(event, key);
      modified |= o.modified();
      if (o.stopped()) {
        writeEvent(other, event);
        if (route.openAiExtraction()) {
          write("data: [DONE]\n\n");
        }
        ended = true;
        return;
      }
    }
    if (modified) {
      writeEvent(other, event);
    } else {
      write(original);
    }
  }

  private record Outcome(boolean modified, boolean stopped) {}

  /** Feeds one stream's text in this event to its guard and puts what may be released in its place. */
  private Outcome feed(JsonNode event, int key) {
    List<Slot> slots = TextExtractor.streamSlots(route, event, key);
    ObjectNode choice = route.openAiExtraction() ? TextExtractor.choice(event, key) : null;
    boolean finishing = choice != null && choice.get("finish_reason") != null && !choice.get("finish_reason").isNull();
    if (slots.isEmpty() && !(finishing && guards.containsKey(key))) {
      return new Outcome(false, false);
    }
    if (!slots.isEmpty()) {
      templates.put(key, event.deepCopy());
    }
    OutputGuard guard = guards.computeIfAbsent(key, k -> opener.get());
    Release release = slots.isEmpty() ? Release.NOTHING : guard.accept(new Texts(slots, List.of()).joined());
    String text = release.text();
    if (!release.stopped() && finishing && finished.add(key)) {
      Release fin = guard.finish();
      release = fin.stopped() ? fin : release;
      text = fin.stopped() ? fin.text() : text + fin.text();
    }
    if (slots.isEmpty() && text.isEmpty() && !release.stopped()) {
      return new Outcome(false, false);
    }
    put(event, key, slots, text == null ? "" : text, release.stopped());
    return new Outcome(true, release.stopped());
  }

  /** Inspects what every stream still holds back; writes it (or a refusal) as events. True when one was refused. */
  private boolean finishAll() throws IOException {
    for (var entry : guards.entrySet()) {
      int key = entry.getKey();
      if (!finished.add(key)) {
        continue;
      }
      Release fin = entry.getValue().finish();
      JsonNode template = templates.get(key);
      if (template == null || (fin.text().isEmpty() && !fin.stopped())) {
        continue;
      }
      JsonNode event = template.deepCopy();
      put(event, key, TextExtractor.streamSlots(route, event, key), fin.text() == null ? "" : fin.text(),
          fin.stopped());
      writeEvent(List.of(), event);
      if (fin.stopped()) {
        ended = true;
        return true;
      }
    }
    return false;
  }

  private void put(JsonNode event, int key, List<Slot> slots, String text, boolean refused) {
    if (!slots.isEmpty()) {
      new Texts(slots, List.of()).replaceAll(text);
    } else if (TextExtractor.choice(event, key) instanceof ObjectNode c) {
      c.withObject("delta").put("content", text);
    }
    if (route.openAiExtraction() && TextExtractor.choice(event, key) instanceof ObjectNode c) {
      if (refused) {
        c.put("finish_reason", "content_filter");
      } else if (!c.has("finish_reason")) {
        c.putNull("finish_reason");
      }
    }
  }

  private void writeEvent(List<String> otherLines, JsonNode event) throws IOException {
    StringBuilder sb = new StringBuilder();
    otherLines.forEach(l -> sb.append(l).append('\n'));
    sb.append("data: ").append(json.writeValueAsString(event)).append("\n\n");
    write(sb.toString());
  }

  private void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
