package io.jingzhi.guard;

import io.jingzhi.guard.api.GuardVerdict;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the security guardrail, prefix {@code jingzhi.guard}.
 *
 * @param enabled inspect model calls at all ({@code JINGZHI_GUARD_ENABLED}); the check endpoint works either way
 * @param refusalText text returned in place of a blocked prompt or output when the policy names none
 * @param crisisAnswer answer given instead of the refusal when the engine's defaults block a prompt that speaks of
 *     the user's own suicide or self-harm (a method asked for in distress): support and hotlines rather than a bare
 *     refusal. Empty: such prompts get the refusal like any other
 * @param holdBackChars most generated characters a stream holds back while they could still become a finding (the
 *     bounded hold-back window; usually far fewer are held, only a tail that starts a term or a number)
 * @param streamContextChars already released characters a stream's next inspection looks back over
 * @param excerptChars characters of the checked text kept (masked) in a guard event
 * @param visibleLabel the GB 45438-2025 explicit label appended to generated text; empty turns visible labels off
 * @param maskingSalt base64 salt of the {@code hash} and {@code shuffle} masking strategies; stored under the data
 *     directory when empty (replicas must share it so hashes match)
 * @param lexiconRefresh how often each replica polls the banks' version numbers (and the custom rules) to pick up
 *     changes made on other replicas; changes made on this replica apply at once
 * @param lexiconVersionsKept newest versions of a bank whose content is kept for restoring; older versions keep only
 *     their history row
 * @param maxCheckChars longest text the check endpoint accepts (longer texts are refused with 413)
 * @param answerSimilarity cosine similarity of embeddings at which a question matches a canned answer's question
 * @param answerLexicalSimilarity character-bigram similarity (Dice) used instead when no embedder is available
 * @param retainFullText when a guard event keeps the original text besides the masked excerpt: {@code never},
 *     {@code blocked} (decisions that stop the text, monitor-only ones included) or {@code always}
 * @param eventRetentionDays guard events older than this are deleted
 * @param audit guard events, alerts and evaluations
 * @param semantic run the semantic risk classifier (needs the embedding model it was trained for, served by the
 *     gateway); off: the guard decides on its rules alone
 * @param semanticOutput also classify model outputs; off by default because the output head learned only from JADE's
 *     answers to harmful questions and blocks too many ordinary answers (see docs/guard-engine.md)
 * @param proxy the reverse proxy for existing AI apps
 * @param cascade the optional guard model asked about prompts the classifier found uncertain
 */
@Validated
@ConfigurationProperties("jingzhi.guard")
public record GuardProperties(
    @DefaultValue("true") boolean enabled,
    @NotBlank @DefaultValue("抱歉，该问题涉及不当内容，我无法回答。") String refusalText,
    @DefaultValue(GuardProperties.CRISIS_ANSWER) String crisisAnswer,
    @Min(8) @Max(4096) @DefaultValue("64") int holdBackChars,
    @Min(0) @Max(4096) @DefaultValue("64") int streamContextChars,
    @Min(16) @Max(4096) @DefaultValue("200") int excerptChars,
    @DefaultValue("") String visibleLabel,
    String maskingSalt,
    @DefaultValue("PT10S") Duration lexiconRefresh,
    @Min(1) @Max(10_000) @DefaultValue("50") int lexiconVersionsKept,
    @Min(1) @Max(1_000_000) @DefaultValue("100000") int maxCheckChars,
    @DecimalMin("0.5") @DecimalMax("1.0") @DefaultValue("0.85") double answerSimilarity,
    @DecimalMin("0.3") @DecimalMax("1.0") @DefaultValue("0.6") double answerLexicalSimilarity,
    @NotNull @DefaultValue("blocked") RetainFullText retainFullText,
    @Min(1) @Max(36500) @DefaultValue("180") int eventRetentionDays,
    @Valid @NotNull @DefaultValue Audit audit,
    @DefaultValue @Valid Proxy proxy,
    @DefaultValue("true") boolean semantic,
    @DefaultValue("false") boolean semanticOutput,
    @DefaultValue @Valid Cascade cascade) {

  /**
   * The default crisis answer: support, the national psychological assistance hotline 12356, and 110 / 120 for
   * immediate danger.
   */
  public static final String CRISIS_ANSWER = "听起来你现在可能正经历很大的痛苦，谢谢你愿意说出来。你并不孤单："
      + "请先让自己待在安全的地方，远离可能伤害自己的东西，并尽量找一位信任的家人或朋友陪在身边。"
      + "你可以随时拨打全国心理援助热线 12356，与专业的心理咨询人员聊一聊；如果有立即的危险，请马上拨打 110 或 120。"
      + "如果你愿意，也可以告诉我你现在的感受，或者想找哪里的帮助。";

  /** Which decisions keep the original text in their guard event. */
  public enum RetainFullText {
    NEVER,
    BLOCKED,
    ALWAYS;

    public boolean keeps(GuardVerdict verdict) {
      return this == ALWAYS || (this == BLOCKED && verdict.action().stops());
    }
  }

  /**
   * Guard events, alerts and evaluations.
   *
   * @param queueCapacity events waiting in memory for the writer; beyond it new events are dropped and counted
   * @param batchSize events written per batch
   * @param flushInterval longest time an event waits in memory before its batch is written
   * @param blockedText the refusal text while a subject is temporarily blocked by an alert rule
   * @param windowKeys most (rule, subject) sliding windows counted at once; further subjects are not counted
   * @param evalMaxUpload largest evaluation file accepted
   * @param evalMaxRows most rows of one evaluation file
   */
  public record Audit(
      @Min(100) @DefaultValue("50000") int queueCapacity,
      @Min(1) @Max(10000) @DefaultValue("500") int batchSize,
      @NotNull @DefaultValue("1s") Duration flushInterval,
      @NotBlank @DefaultValue("您的访问因多次触发安全规则已被暂时限制，请稍后再试或联系管理员。") String blockedText,
      @Min(100) @DefaultValue("100000") int windowKeys,
      @NotNull @DefaultValue("5MB") DataSize evalMaxUpload,
      @Min(1) @Max(1000000) @DefaultValue("20000") int evalMaxRows) {}

  /**
   * Settings of the reverse proxy (prefix {@code jingzhi.guard.proxy}).
   *
   * @param port dedicated port on which every request is matched to a route by Host and path
   *     ({@code JINGZHI_GUARD_PROXY_PORT}); 0 keeps it off, routes are then reached at {@code /proxy/{code}/…}
   * @param maxBodySize largest request body the proxy accepts, and largest JSON answer it inspects
   * @param streamIdleTimeout longest silence of an app's event stream once it has started
   *     ({@code JINGZHI_GUARD_PROXY_STREAM_IDLE_TIMEOUT}); then the client's stream ends with an error event. Zero
   *     or negative: no limit
   */
  public record Proxy(
      @Min(0) @Max(65535) @DefaultValue("0") int port,
      @DefaultValue("10MB") DataSize maxBodySize,
      @DefaultValue("60s") Duration streamIdleTimeout) {}

  /**
   * The cascade stage (prefix {@code jingzhi.guard.cascade}): a guard model served through the gateway (for example
   * Qwen3Guard-Gen on vLLM, registered as a chat model) is asked about each prompt the rules did not block and the
   * semantic classifier scored at or above {@code from}; its {@code Unsafe} blocks the prompt. With
   * {@code liftClassifierBlocks} it is also asked about prompts the classifier alone blocked, and its {@code Safe}
   * lifts that block; blocks by keywords or attack features are never lifted. When it cannot be reached or its answer
   * cannot be read, the engine's decision stands.
   *
   * @param model name of the guard model in the gateway ({@code JINGZHI_GUARD_CASCADE_MODEL}); empty keeps the stage
   *     off
   * @param from lowest classifier probability sent to the guard model (0 sends every prompt the rules let through)
   * @param blockControversial whether a {@code Controversial} answer blocks too
   * @param liftClassifierBlocks whether a prompt blocked by the semantic classifier alone (no keyword, no attack
   *     feature) also goes to the guard model, whose {@code Safe} then lifts the block: the model reads stance,
   *     which the classifier cannot, so this is the setting against over-refusal
   */
  public record Cascade(
      @DefaultValue("") String model,
      @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.1") double from,
      @DefaultValue("false") boolean blockControversial,
      @DefaultValue("false") boolean liftClassifierBlocks) {

    public boolean on() {
      return model != null && !model.isBlank();
    }
  }
}
