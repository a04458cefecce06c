package io.jingzhi.agent.engine;

/** Tokens a node (or a run) used through the gateway. */
public record TokenUsage(int promptTokens, int completionTokens) {

  public static final TokenUsage NONE = new TokenUsage(0, 0);

  public int totalTokens() {
    return promptTokens + completionTokens;
  }

  public TokenUsage plus(TokenUsage other) {
    return other == null ? this
        : new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
  }
}
