package io.jingzhi.agent.engine;

import java.util.Map;

/**
 * One run to execute.
 *
 * @param inputs the start node's inputs by name (checked against its declared inputs: required, type, length)
 * @param conversation the conversation variables as the previous turn left them (defaults when empty)
 * @param environment the environment variables with secrets decrypted
 */
public record RunRequest(RunInfo info, Map<String, Object> inputs, Map<String, Object> conversation,
    Map<String, Object> environment) {

  public RunRequest {
    inputs = inputs == null ? Map.of() : inputs;
    conversation = conversation == null ? Map.of() : conversation;
    environment = environment == null ? Map.of() : environment;
  }
}
