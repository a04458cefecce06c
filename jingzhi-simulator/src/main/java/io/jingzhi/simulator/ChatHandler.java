package io.jingzhi.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/chat/completions}, streaming (SSE) and not, with OpenAI's exact shapes. */
final class ChatHandler {

  private static final String[] WORDS = {"京智", "模拟", "输出", "：", "这是", "一段", "用于", "测试", "的", "文本", "。"};

  private final Supplier<SimulatorConfig> config;
  private final Simulator.Stats stats;
  private final Supplier<Map<String, String>> scripts;

  ChatHandler(Supplier<SimulatorConfig> config, Simulator.Stats stats, Supplier<Map<String, String>> scripts) {
    this.config = config;
    this.stats = stats;
    this.scripts = scripts;
  }

  void handle(HttpExchange ex, JsonNode body) throws IOException {
    SimulatorConfig c = config.get();
    String model = body.path("model").asString("");
    if (model.isEmpty() || !body.path("messages").isArray() || body.path("messages").isEmpty()) {
      throw new Simulator.BadRequest("model and a non-empty messages array are required");
    }
    if (!c.models().contains(model)) {
      Simulator.sendError(ex, 404, "invalid_request_error", "The model `" + model + "` does not exist");
      return;
    }
    if (!c.acceptStreamOptions() && body.has("stream_options")) {
      throw new Simulator.BadRequest("Unrecognized request argument supplied: stream_options");
    }
    Sampling sampling = Sampling.of(body);
    stats.chatRequests.incrementAndGet();
    stats.lastChat.set(body);
    long ttft = header(ex, "X-Sim-TTFT-Ms", c.ttftMs());
    long itl = header(ex, "X-Sim-ITL-Ms", c.interTokenMs());
    List<String> reply = reply(body);
    if (reply == null) {
      reply = scripted(body.path("messages"), scripts.get());
    }
    int max = body.path("max_completion_tokens").asInt(body.path("max_tokens").asInt(Integer.MAX_VALUE));
    boolean fail = "true".equalsIgnoreCase(ex.getRequestHeaders().getFirst("X-Sim-Fail"))
        || ThreadLocalRandom.current().nextDouble() < c.failureRate();
    if (fail) {
      stats.failures.incrementAndGet();
      sleep(Math.min(ttft, 50));
      Simulator.sendError(ex, 500, "server_error", "simulated upstream failure");
      return;
    }
    int promptTokens = promptTokens(body.path("messages"));
    ToolReplies.Call call = reply == null ? ToolReplies.pick(body) : null;
    if (call != null) {
      sleep(ttft);
      ToolReplies.send(ex, body, call, promptTokens);
      return;
    }
    String id = "chatcmpl-sim-" + UUID.randomUUID().toString().substring(0, 12);
    long created = System.currentTimeMillis() / 1000;
    List<String> text = reply != null ? reply : generated((int) header(ex, "X-Sim-Tokens", c.outputTokens()));
    Sampling.Output output = sampling.generate(text, max);
    List<List<String>> replies = replies(body);
    boolean streamed = body.path("stream").asBoolean(false);
    boolean includeUsage = c.reportUsage() && body.path("stream_options").path("include_usage").asBoolean(false);
    if (streamed && (replies != null || sampling.n() > 1)) {
      List<Sampling.Output> choices = replies == null ? Collections.nCopies(sampling.n(), output)
          : replies.stream().map(r -> sampling.generate(r, max)).toList();
      streamChoices(ex, id, created, model, ttft, itl, choices, promptTokens, includeUsage);
    } else if (streamed) {
      boolean breakMidway = ThreadLocalRandom.current().nextDouble() < c.midStreamFailureRate();
      stream(ex, id, created, model, ttft, itl, output, promptTokens, includeUsage, breakMidway);
    } else {
      sleep(ttft + itl * Math.max(0, output.tokens().size() - 1));
      List<Map<String, Object>> choices = new ArrayList<>();
      for (int k = 0; k < sampling.n(); k++) {
        choices.add(Map.of("index", k,
            "message", Map.of("role", "assistant", "content", String.join("", output.tokens())),
            "finish_reason", output.finishReason()));
      }
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("id", id);
      response.put("object", "chat.completion");
      response.put("created", created);
      response.put("model", model);
      response.put("choices", choices);
      if (c.reportUsage()) {
        response.put("usage", usage(promptTokens, output.tokens().size() * sampling.n()));
      }
      response.put("system_fingerprint", "jingzhi-simulator");
      Simulator.sendJson(ex, 200, response);
    }
  }

  private void stream(HttpExchange ex, String id, long created, String model, long ttft, long itl,
      Sampling.Output output, int promptTokens, boolean includeUsage, boolean breakMidway) throws IOException {
    List<String> tokens = output.tokens();
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.getResponseHeaders().set("X-Simulated", "true");
    ex.sendResponseHeaders(200, 0);
    stats.activeStreams.incrementAndGet();
    OutputStream out = ex.getResponseBody();
    TokenEvents tokenEvents = new TokenEvents(id, created, model);
    try {
      sleep(ttft);
      for (int i = 0; i < tokens.size(); i++) {
        if (i > 0) {
          sleep(itl);
        }
        if (breakMidway && i == tokens.size() / 2) {
          stats.failures.incrementAndGet();
          return; // the stream just stops: no finish_reason, no [DONE]
        }
        event(out, tokenEvents.token(i == 0, tokens.get(i)));
      }
      event(out, chunk(id, created, model, List.of(choice(Map.of(), output.finishReason())), null));
      if (includeUsage) {
        event(out, chunk(id, created, model, List.of(), usage(promptTokens, tokens.size())));
      }
      out.write(Simulator.utf8("data: [DONE]\n\n"));
      out.flush();
      stats.completedStreams.incrementAndGet();
    } catch (IOException e) {
      stats.cancelledStreams.incrementAndGet(); // the client went away: generation stops here
      throw e;
    } finally {
      stats.activeStreams.decrementAndGet();
    }
  }

  /**
   * A stream of several choices ({@code n > 1}, or one scripted reply each from {@code metadata.sim_replies}): at
   * every step each choice that still has a token sends it in its own chunk, and a choice ends with its own final
   * chunk as soon as its reply is out, while the longer ones go on — the way vLLM interleaves the choices.
   */
  private void streamChoices(HttpExchange ex, String id, long created, String model, long ttft, long itl,
      List<Sampling.Output> choices, int promptTokens, boolean includeUsage) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("X-Simulated", "true");
    ex.sendResponseHeaders(200, 0);
    stats.activeStreams.incrementAndGet();
    OutputStream out = ex.getResponseBody();
    try {
      sleep(ttft);
      int longest = choices.stream().mapToInt(o -> o.tokens().size()).max().orElse(0);
      for (int i = 0; i <= longest; i++) {
        if (i > 0) {
          sleep(itl);
        }
        for (int k = 0; k < choices.size(); k++) {
          List<String> reply = choices.get(k).tokens();
          if (i < reply.size()) {
            Map<String, Object> delta = i == 0 ? Map.of("role", "assistant", "content", reply.get(i))
                : Map.of("content", reply.get(i));
            event(out, chunk(id, created, model, List.of(choice(k, delta, null)), null));
          } else if (i == reply.size()) {
            event(out, chunk(id, created, model, List.of(choice(k, Map.of(), choices.get(k).finishReason())), null));
          }
        }
      }
      if (includeUsage) {
        int tokens = choices.stream().mapToInt(o -> o.tokens().size()).sum();
        event(out, chunk(id, created, model, List.of(), usage(promptTokens, tokens)));
      }
      out.write(Simulator.utf8("data: [DONE]\n\n"));
      out.flush();
      stats.completedStreams.incrementAndGet();
    } catch (IOException e) {
      stats.cancelledStreams.incrementAndGet();
      throw e;
    } finally {
      stats.activeStreams.decrementAndGet();
    }
  }

  private static Map<String, Object> choice(Map<String, Object> delta, String finish) {
    return choice(0, delta, finish);
  }

  static Map<String, Object> choice(int index, Map<String, Object> delta, String finish) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", index);
    m.put("delta", delta);
    m.put("logprobs", null);
    m.put("finish_reason", finish);
    return m;
  }

  static Map<String, Object> chunk(String id, long created, String model, List<Object> choices,
      Map<String, Object> usage) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("object", "chat.completion.chunk");
    m.put("created", created);
    m.put("model", model);
    m.put("choices", choices);
    if (usage != null) {
      m.put("usage", usage);
    }
    return m;
  }

  static void event(OutputStream out, Object data) throws IOException {
    event(out, Simulator.JSON.writeValueAsString(data));
  }

  static void event(OutputStream out, String json) throws IOException {
    out.write(Simulator.utf8("data: " + json + "\n\n"));
    out.flush();
  }

  /**
   * The JSON of one stream's token chunks, built from a prefix and suffix fixed for the stream: the same text
   * {@link #chunk} gives ({@code id, object, created, model, choices[{index, delta, logprobs, finish_reason}]}),
   * without building and serialising a map per token — at 1000 streams that was a tenth of the simulator's CPU.
   */
  static final class TokenEvents {
    private final String prefix;

    TokenEvents(String id, long created, String model) {
      this.prefix = "{\"id\":" + Simulator.JSON.writeValueAsString(id) + ",\"object\":\"chat.completion.chunk\","
          + "\"created\":" + created + ",\"model\":" + Simulator.JSON.writeValueAsString(model)
          + ",\"choices\":[{\"index\":0,\"delta\":{";
    }

    String token(boolean first, String text) {
      return prefix + (first ? "\"role\":\"assistant\"," : "") + "\"content\":"
          + Simulator.JSON.writeValueAsString(text) + "},\"logprobs\":null,\"finish_reason\":null}]}";
    }
  }

  static Map<String, Object> usage(int prompt, int completion) {
    return Map.of("prompt_tokens", prompt, "completion_tokens", completion, "total_tokens", prompt + completion);
  }

  /** The simulated text of {@code tokens} tokens, one word a token. */
  static List<String> generated(int tokens) {
    List<String> words = new ArrayList<>(Math.max(0, tokens));
    for (int i = 0; i < tokens; i++) {
      words.add(WORDS[i % WORDS.length]);
    }
    return words;
  }

  /**
   * A scripted reply: {@code metadata.sim_reply} in the request body makes the simulator generate exactly that text,
   * one character (code point) a token, so tests can choose what the "model" says without it being in the prompt.
   * After a tool result (the last message has role {@code tool}) the reply quotes it ({@link ToolReplies}).
   */
  static List<String> reply(JsonNode body) {
    JsonNode reply = body.path("metadata").path("sim_reply");
    String text = reply.isString() ? reply.asString() : ToolReplies.afterTool(body);
    if (text == null) {
      return null;
    }
    return text.codePoints().mapToObj(Character::toString).toList();
  }

  /** The scripted answer whose key the last user message contains (first match in insertion order), or null. */
  static List<String> scripted(JsonNode messages, Map<String, String> scripts) {
    if (scripts.isEmpty()) {
      return null;
    }
    String last = null;
    for (JsonNode m : messages) {
      if ("user".equals(m.path("role").asString(""))) {
        last = m.path("content").isString() ? m.path("content").asString() : m.path("content").toString();
      }
    }
    if (last == null) {
      return null;
    }
    for (Map.Entry<String, String> script : scripts.entrySet()) {
      if (last.contains(script.getKey())) {
        return script.getValue().codePoints().mapToObj(Character::toString).toList();
      }
    }
    return null;
  }

  /**
   * Scripted replies, one per choice ({@code metadata.sim_replies}, streamed requests only; their number, not
   * {@code n}, is the number of choices), or null.
   */
  static List<List<String>> replies(JsonNode body) {
    JsonNode replies = body.path("metadata").path("sim_replies");
    if (!replies.isArray() || replies.isEmpty()) {
      return null;
    }
    List<List<String>> all = new ArrayList<>();
    for (JsonNode reply : replies) {
      all.add(reply.asString("").codePoints().mapToObj(Character::toString).toList());
    }
    return all;
  }

  /** A rough count: a CJK character is a token, other text about four characters a token. */
  static int promptTokens(JsonNode messages) {
    int tokens = 0;
    List<String> texts = new ArrayList<>();
    for (JsonNode m : messages) {
      JsonNode content = m.path("content");
      if (content.isString()) {
        texts.add(content.asString());
      } else if (content.isArray()) {
        content.forEach(part -> texts.add(part.path("text").asString("")));
      }
      tokens += 4; // role and framing
    }
    for (String t : texts) {
      int cjk = (int) t.codePoints().filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN).count();
      tokens += cjk + (int) Math.ceil((t.length() - cjk) / 4.0);
    }
    return tokens;
  }

  private static long header(HttpExchange ex, String name, long fallback) {
    String v = ex.getRequestHeaders().getFirst(name);
    try {
      return v == null ? fallback : Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static void sleep(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
