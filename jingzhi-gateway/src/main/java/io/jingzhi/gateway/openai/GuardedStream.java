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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The output guard of one streamed chat completion. Every content delta goes through the choice's
 * {@link OutputGuard} (one per choice index) and the chunk leaves with only the text the guard releases; role,
 * tool calls and other fields pass through in order. Before a choice's final chunk, what the guard still holds
 * back is released (and the visible label added). On a violation that choice ends at once: the violation's text as
 * its last content delta, then its own final chunk with {@code finish_reason: "content_filter"}; whatever the
 * upstream still sends for it is dropped, the other choices go on. Once every choice has ended and the upstream is
 * still generating a cut one, the caller stops reading the upstream (the model stops generating). The hold-back
 * policy is the guard's; nothing is buffered here.
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
  /** How many choices the client asked for ({@code n}); the stream is over only when all of them have ended. */
  private final int expected;
  private final Map<Integer, Choice> choices = new TreeMap<>();
  private String id = "chatcmpl-jz";
  /** The id every chunk must carry (a stream that started before its first token), as a JSON literal, or null. */
  private String quotedFixedId;
  private long created = System.currentTimeMillis() / 1000;
  private GuardVerdict violation;
  private boolean contentSent;
  private boolean upstreamEnded;

  /** The guard's state for one choice index: what the model generated and what was released of it. */
  private static final class Choice {
    final OutputGuard guard;
    final StringBuilder generated = new StringBuilder();
    final StringBuilder released = new StringBuilder();
    /** Ended for the client (its final chunk sent, or cut by the guard). */
    boolean done;
    /** Ended by the upstream (its own finish reason arrived): nothing more is generated for it. */
    boolean finished;

    Choice(OutputGuard guard) {
      this.guard = guard;
    }
  }

  GuardedStream(Guard guard, GuardSubject subject, String label, JsonMapper json, String model, boolean keepUsage) {
    this(guard, subject, label, json, model, keepUsage, 1);
  }

  GuardedStream(Guard guard, GuardSubject subject, String label, JsonMapper json, String model, boolean keepUsage,
      int expected) {
    this.expected = Math.max(1, expected);
    this.guard = guard;
    this.subject = subject;
    this.label = label == null ? null : "\n\n" + label;
    this.json = json;
    this.model = model;
    this.quotedModel = json.writeValueAsString(model);
    this.keepUsage = keepUsage;
  }

  /**
   * Whether a violation cut a choice that the upstream is still generating and every other choice has ended: the
   * caller must then stop the upstream and end the stream. When the upstream has finished every choice itself
   * there is nothing to stop (only its usage chunk and {@code [DONE]} follow): the stream ends normally, the
   * upstream's own usage is kept and its connection can be reused.
   */
  boolean stopped() {
    if (violation == null || upstreamEnded || choices.size() < expected) {
      return false;
    }
    return choices.values().stream().allMatch(c -> c.done)
        && choices.values().stream().anyMatch(c -> !c.finished);
  }

  /** Gives every chunk {@code id} instead of the upstream's (the id a stream announced when it started early). */
  void fixId(String fixed) {
    id = fixed;
    quotedFixedId = json.writeValueAsString(fixed);
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
    return chunk(payload, scan, false);
  }

  /**
   * As {@link #chunk(String, ChunkScan)}; {@code moreBuffered} says the next upstream chunk has already arrived, so
   * the guards may inspect this chunk's text together with the next one's ({@link OutputGuard#accept(String,
   * boolean)}): a chunk may then leave with no content and its text with the next.
   */
  List<String> chunk(String payload, ChunkScan scan, boolean moreBuffered) {
    if (scan.id != null && quotedFixedId == null) {
      id = scan.id;
    }
    if (scan.created >= 0) {
      created = scan.created;
    }
    List<String> out = new ArrayList<>(2);
    String[] released = new String[scan.parts.size()];
    boolean[] dropped = new boolean[released.length];
    boolean keep = scan.usageKey;
    boolean anyDropped = false;
    for (int i = 0; i < released.length; i++) {
      ChunkScan.Choice part = scan.parts.get(i);
      Choice c = choice(part.index);
      released[i] = "";
      c.finished |= part.finishReason != null;
      if (c.done) {
        // a choice already ended here (cut by the guard): what the upstream still sends for it is not the client's
        dropped[i] = anyDropped = true;
        continue;
      }
      String text = "";
      if (part.content != null && !part.content.isEmpty()) {
        c.generated.append(part.content);
        Release r = c.guard.accept(part.content, moreBuffered && part.finishReason == null);
        if (r.stopped()) {
          out.addAll(cut(part.index, c, r));
          dropped[i] = anyDropped = true;
          continue;
        }
        text = r.text();
      }
      if (part.finishReason != null) {
        Release r = c.guard.finish();
        if (r.stopped()) {
          out.addAll(cut(part.index, c, r));
          dropped[i] = anyDropped = true;
          continue;
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
        c.released.append(text);
        contentSent = true;
      }
      released[i] = text;
      keep |= !text.isEmpty() || part.role || part.otherDelta;
    }
    if (keep) {
      String rewritten = rewrite(payload, scan, released);
      out.add(anyDropped ? without(rewritten, dropped) : rewritten);
    }
    return out;
  }

  /** Ends one choice after a violation: the violation's text as its last delta, then its own final chunk. */
  private List<String> cut(int index, Choice c, Release hit) {
    violation = hit.violation();
    c.done = true;
    List<String> out = new ArrayList<>(2);
    if (hit.text() != null && !hit.text().isEmpty()) {
      out.add(content(index, hit.text()));
    }
    out.add(finals(List.of(index)));
    return out;
  }

  /** The chunk without the choices at the {@code dropped} positions of its {@code choices} array. */
  private String without(String payload, boolean[] dropped) {
    ObjectNode tree = (ObjectNode) json.readTree(payload);
    ArrayNode kept = json.createArrayNode();
    JsonNode all = tree.path("choices");
    for (int i = 0; i < all.size(); i++) {
      if (i >= dropped.length || !dropped[i]) {
        kept.add(all.get(i));
      }
    }
    tree.set("choices", kept);
    return json.writeValueAsString(tree);
  }

  /** The upstream finished without a final chunk for some choices: what their guards still hold. */
  List<String> end() {
    upstreamEnded = true;
    List<String> out = new ArrayList<>(1);
    for (Map.Entry<Integer, Choice> e : choices.entrySet()) {
      Choice c = e.getValue();
      if (c.done) {
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
   * The upstream chunk with each choice's content replaced, the model renamed (the id too when fixed) and usage
   * dropped if not asked.
   */
  private String rewrite(String payload, ChunkScan scan, String[] released) {
    List<ChunkScan.Splice> splices = new ArrayList<>();
    for (int i = 0; i < released.length; i++) {
      ChunkScan.Choice part = scan.parts.get(i);
      if (part.contentStart >= 0) {
        splices.add(new ChunkScan.Splice(part.contentStart, part.contentEnd, json.writeValueAsString(released[i])));
      }
    }
    if (scan.modelStart >= 0) {
      splices.add(new ChunkScan.Splice(scan.modelStart, scan.modelEnd, quotedModel));
    }
    if (quotedFixedId != null && scan.idStart >= 0) {
      splices.add(new ChunkScan.Splice(scan.idStart, scan.idEnd, quotedFixedId));
    }
    String text = ChunkScan.splice(payload, splices);
    if (scan.modelStart >= 0 && (keepUsage || !scan.usageKey) && (quotedFixedId == null || scan.idStart >= 0)) {
      return text;
    }
    ObjectNode tree = (ObjectNode) json.readTree(text);
    tree.put("model", model);
    if (quotedFixedId != null) {
      tree.put("id", id);
    }
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
