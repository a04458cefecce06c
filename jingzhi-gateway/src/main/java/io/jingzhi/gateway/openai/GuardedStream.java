package io.jingzhi.gateway.openai;

import io.jingzhi.guard.api.Guard;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.guard.api.OutputGuard;
import io.jingzhi.guard.api.OutputGuard.Release;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The output guard of one streamed chat completion. Every content delta goes through the choice's
 * {@link OutputGuard} (one per choice index) and the chunk leaves with only the text the guard releases; role,
 * tool calls and other fields pass through in order. Before a choice's final chunk, what the guard still holds
 * back is released (and the visible label added). On a violation the answer ends at once: the violation's text as
 * the last content delta, then one final chunk with {@code finish_reason: "content_filter"}; the caller stops
 * reading the upstream. The hold-back policy is the guard's; nothing is buffered here.
 */
final class GuardedStream {

  private final Guard guard;
  private final GuardSubject subject;
  /** The visible label as a content delta ({@code "\n\n" + label}), or null when visible labels are off. */
  private final String label;
  private final JsonMapper json;
  private final String model;
  private final String quotedModel;
  private final boolean keepUsage;
  private final Map<Integer, Choice> choices = new TreeMap<>();
  private String id = "chatcmpl-jz";
  private long created = System.currentTimeMillis() / 1000;
  private GuardVerdict violation;
  private boolean contentSent;

  /** The guard's state for one choice index: what the model generated and what was released of it. */
  private static final class Choice {
    final OutputGuard guard;
    final StringBuilder generated = new StringBuilder();
    final StringBuilder released = new StringBuilder();
    boolean done;

    Choice(OutputGuard guard) {
      this.guard = guard;
    }
  }

  GuardedStream(Guard guard, GuardSubject subject, String label, JsonMapper json, String model, boolean keepUsage) {
    this.guard = guard;
    this.subject = subject;
    this.label = label == null ? null : "\n\n" + label;
    this.json = json;
    this.model = model;
    this.quotedModel = json.writeValueAsString(model);
    this.keepUsage = keepUsage;
  }

  /** Whether a violation ended the answer; the caller must then stop the upstream and end the stream. */
  boolean stopped() {
    return violation != null;
  }

  /** Whether any content has been released to the client (for the time to first token). */
  boolean contentSent() {
    return contentSent;
  }

  /** What the guard did to the output, for the usage record: {@code block}, {@code mask} or null. */
  String effect() {
    if (violation != null) {
      return "block";
    }
    for (Choice c : choices.values()) {
      // Unmasked, what was released is always the start of what was generated (the rest may be held back).
      if (!c.generated.toString().startsWith(c.released.toString())) {
        return "mask";
      }
    }
    return null;
  }

  /**
   * The payloads to send, in order, for one upstream chunk that has choices ({@code scan} made with detail): the
   * chunk with its content replaced by what the guard releases (none when nothing is left to send), preceded at a
   * choice's end by the released remainder and the visible label; on a violation, the ending instead.
   */
  List<String> chunk(String payload, ChunkScan scan) {
    if (scan.id != null) {
      id = scan.id;
    }
    if (scan.created >= 0) {
      created = scan.created;
    }
    List<String> out = new ArrayList<>(2);
    String[] released = new String[scan.parts.size()];
    Map<Integer, String> pending = new TreeMap<>();
    boolean keep = scan.usageKey;
    for (int i = 0; i < released.length; i++) {
      ChunkScan.Choice part = scan.parts.get(i);
      Choice c = choice(part.index);
      String text = "";
      if (!c.done && part.content != null && !part.content.isEmpty()) {
        c.generated.append(part.content);
        Release r = c.guard.accept(part.content);
        if (r.stopped()) {
          return stop(part.index, r, pending);
        }
        text = r.text();
      }
      if (!c.done && part.finishReason != null) {
        Release r = c.guard.finish();
        if (r.stopped()) {
          return stop(part.index, r, pending);
        }
        c.done = true;
        String tail = text + r.text();
        if (!tail.isEmpty()) {
          out.add(content(part.index, tail));
          c.released.append(tail);
          contentSent = true;
        }
        if (label != null && !c.generated.isEmpty()) {
          out.add(content(part.index, label));
        }
        text = "";
        keep = true;
      } else if (!text.isEmpty()) {
        pending.put(part.index, text);
        c.released.append(text);
        contentSent = true;
      }
      released[i] = text;
      keep |= !text.isEmpty() || part.role || part.otherDelta;
    }
    if (keep) {
      out.add(rewrite(payload, scan, released));
    }
    return out;
  }

  /** The upstream finished without a final chunk for some choices: what their guards still hold. */
  List<String> end() {
    List<String> out = new ArrayList<>(1);
    for (Map.Entry<Integer, Choice> e : choices.entrySet()) {
      Choice c = e.getValue();
      if (c.done || violation != null) {
        continue;
      }
      Release r = c.guard.finish();
      c.done = true;
      if (r.stopped()) {
        violation = r.violation();
        out.add(content(e.getKey(), r.text() == null ? "" : r.text()));
        out.add(finals(List.of(e.getKey())));
      } else {
        if (!r.text().isEmpty()) {
          c.released.append(r.text());
          out.add(content(e.getKey(), r.text()));
          contentSent = true;
        }
        if (label != null && !c.generated.isEmpty()) {
          out.add(content(e.getKey(), label));
        }
      }
    }
    return out;
  }

  private Choice choice(int index) {
    return choices.computeIfAbsent(index, i -> new Choice(guard.openOutput(subject)));
  }

  /**
   * Ends every open choice after a violation in {@code index}: the violation's text for that choice; for the
   * others what their guards release (their answers are cut with the stream); then one final chunk.
   */
  private List<String> stop(int index, Release hit, Map<Integer, String> pending) {
    violation = hit.violation();
    List<String> out = new ArrayList<>();
    List<Integer> open = new ArrayList<>();
    for (Map.Entry<Integer, Choice> e : choices.entrySet()) {
      Choice c = e.getValue();
      if (c.done) {
        continue;
      }
      c.done = true;
      open.add(e.getKey());
      String text;
      if (e.getKey() == index) {
        text = hit.text() == null ? "" : hit.text();
      } else {
        Release r = c.guard.finish();
        text = r.stopped() ? r.text() : pending.getOrDefault(e.getKey(), "") + r.text();
      }
      if (text != null && !text.isEmpty()) {
        out.add(content(e.getKey(), text));
      }
    }
    out.add(finals(open));
    return out;
  }

  /** The upstream chunk with each choice's content replaced, the model renamed and usage dropped if not asked. */
  private String rewrite(String payload, ChunkScan scan, String[] released) {
    StringBuilder s = new StringBuilder(payload);
    List<int[]> spans = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < released.length; i++) {
      ChunkScan.Choice part = scan.parts.get(i);
      if (part.contentStart >= 0) {
        spans.add(new int[] {part.contentStart, part.contentEnd});
        values.add(json.writeValueAsString(released[i]));
      }
    }
    if (scan.modelStart >= 0) {
      spans.add(new int[] {scan.modelStart, scan.modelEnd});
      values.add(quotedModel);
    }
    // Replace from the end so that earlier offsets stay valid.
    Integer[] order = new Integer[spans.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(spans.get(b)[0], spans.get(a)[0]));
    for (int i : order) {
      s.replace(spans.get(i)[0], spans.get(i)[1], values.get(i));
    }
    String text = s.toString();
    if (scan.modelStart >= 0 && (keepUsage || !scan.usageKey)) {
      return text;
    }
    ObjectNode tree = (ObjectNode) json.readTree(text);
    tree.put("model", model);
    if (!keepUsage) {
      tree.remove("usage");
    }
    return json.writeValueAsString(tree);
  }

  private String content(int index, String text) {
    ObjectNode chunk = base();
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", index);
    choice.putObject("delta").put("content", text);
    choice.putNull("logprobs");
    choice.putNull("finish_reason");
    return json.writeValueAsString(chunk);
  }

  private String finals(List<Integer> indexes) {
    ObjectNode chunk = base();
    var array = chunk.putArray("choices");
    for (int index : indexes) {
      ObjectNode choice = array.addObject();
      choice.put("index", index);
      choice.putObject("delta");
      choice.putNull("logprobs");
      choice.put("finish_reason", "content_filter");
    }
    return json.writeValueAsString(chunk);
  }

  private ObjectNode base() {
    ObjectNode chunk = json.createObjectNode();
    chunk.put("id", id);
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", created);
    chunk.put("model", model);
    return chunk;
  }
}
