package io.jingzhi.iam.bootstrap;

import java.util.List;

/**
 * The bootstrap file cannot be applied. Thrown at start so the server does not come up half-configured; the
 * message lists every problem with the path of its field, such as {@code users[2].org: unknown organization}.
 */
public class BootstrapException extends RuntimeException {

  private final List<String> problems;

  public BootstrapException(String source, List<String> problems) {
    super(message(source, problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as {@code path: message}. */
  public List<String> problems() {
    return problems;
  }

  private static String message(String source, List<String> problems) {
    StringBuilder s = new StringBuilder("The bootstrap file ").append(source).append(" is invalid (")
        .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems")
        .append("); nothing was applied:");
    problems.forEach(p -> s.append("\n  - ").append(p));
    return s.toString();
  }
}
