package io.jingzhi.simulator;

import java.util.Arrays;
import java.util.List;

/**
 * The simulator's command line: {@code --flag value} pairs over {@link SimulatorConfig#defaults()}, and the usage
 * text of {@code --help}. Parsing never exits the JVM, so tests can call it; {@link Simulator#main} maps its outcome
 * to an exit status: 0 after the help, {@value UsageError#STATUS} after a bad command line.
 */
final class CommandLine {

  static final String DEFAULT_HOST = "127.0.0.1";
  static final int DEFAULT_PORT = 9000;

  /** Every flag that takes a value; {@link #usage()} describes each. */
  private static final List<String> FLAGS =
      List.of("--host", "--port", "--ttft-ms", "--itl-ms", "--tokens", "--failure-rate", "--models");

  private CommandLine() {
  }

  /** What the command line asks for. */
  sealed interface Command permits Help, Run {}

  /** Print the usage text and exit. */
  record Help() implements Command {}

  /** Serve on {@code host:port} with {@code config}. */
  record Run(String host, int port, SimulatorConfig config) implements Command {}

  /** A command line the simulator cannot run with: an unknown flag, or a missing or bad value. */
  static final class UsageError extends RuntimeException {
    /** The exit status of a bad command line, as for most Unix tools. */
    static final int STATUS = 2;

    UsageError(String message) {
      super(message);
    }

    /** The one line printed on standard error. */
    String line() {
      return "jingzhi-simulator: " + getMessage() + "; see --help";
    }
  }

  /** The usage text, with every flag's default taken from the code that applies it. */
  static String usage() {
    SimulatorConfig d = SimulatorConfig.defaults();
    return """
        Usage: java -jar jingzhi-simulator.jar [options]

        An OpenAI-compatible model server that SIMULATES a model: placeholder text, never real answers.
        Settings can be changed while it runs (PUT /sim/config) and per request (X-Sim-* headers).

        Options:
          --host HOST          address to listen on (default %s)
          --port PORT          port to listen on, 0 for any free port (default %d)
          --ttft-ms MS         time to first token, in milliseconds (default %d)
          --itl-ms MS          delay between streamed tokens, in milliseconds (default %d)
          --tokens N           tokens generated when max_tokens asks for no fewer (default %d)
          --failure-rate R     share of requests answered 500, from 0 to 1 (default %s)
          --models IDS         comma-separated model ids served (default %s)
          -h, --help           print this help and exit
        """.formatted(DEFAULT_HOST, DEFAULT_PORT, d.ttftMs(), d.interTokenMs(), d.outputTokens(), d.failureRate(),
        String.join(",", d.models()));
  }

  /** Parses {@code args}; a {@link UsageError} if the simulator cannot run with them. */
  static Command parse(String... args) {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      return new Help();
    }
    SimulatorConfig c = SimulatorConfig.defaults();
    String host = DEFAULT_HOST;
    int port = DEFAULT_PORT;
    for (int i = 0; i < args.length; i += 2) {
      String flag = args[i];
      if (!FLAGS.contains(flag)) {
        throw new UsageError("unknown option " + flag);
      }
      if (i + 1 == args.length) {
        throw new UsageError(flag + " needs a value");
      }
      String v = args[i + 1];
      switch (flag) {
        case "--host" -> host = text(flag, v);
        case "--port" -> port = (int) number(flag, v, 0, 65_535);
        case "--ttft-ms" -> c = c.withTiming(number(flag, v, 0, Long.MAX_VALUE), c.interTokenMs(), c.outputTokens());
        case "--itl-ms" -> c = c.withTiming(c.ttftMs(), number(flag, v, 0, Long.MAX_VALUE), c.outputTokens());
        case "--tokens" -> c = c.withTiming(c.ttftMs(), c.interTokenMs(), (int) number(flag, v, 0, Integer.MAX_VALUE));
        case "--failure-rate" -> c = c.withFailureRate(rate(flag, v));
        case "--models" -> c = new SimulatorConfig(c.ttftMs(), c.interTokenMs(), c.outputTokens(), c.failureRate(),
            c.midStreamFailureRate(), c.reportUsage(), c.acceptStreamOptions(), c.embeddingDimensions(),
            models(flag, v));
        default -> throw new IllegalStateException("flag without a case: " + flag);
      }
    }
    return new Run(host, port, c);
  }

  private static String text(String flag, String v) {
    if (v.isBlank()) {
      throw new UsageError(flag + " needs a value");
    }
    return v.strip();
  }

  private static long number(String flag, String v, long min, long max) {
    try {
      long n = Long.parseLong(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below, as an out-of-range number is
    }
    throw new UsageError(flag + " must be a whole number from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max)
        + ", got '" + v + "'");
  }

  private static double rate(String flag, String v) {
    try {
      double r = Double.parseDouble(v.strip());
      if (r >= 0 && r <= 1) { // false for NaN too
        return r;
      }
    } catch (NumberFormatException e) {
      // answered below, as an out-of-range number is
    }
    throw new UsageError(flag + " must be a number from 0 to 1, got '" + v + "'");
  }

  private static List<String> models(String flag, String v) {
    List<String> ids = Arrays.stream(v.split(",", -1)).map(String::strip).toList();
    if (ids.stream().anyMatch(String::isEmpty)) {
      throw new UsageError(flag + " must be comma-separated model ids, got '" + v + "'");
    }
    return ids;
  }
}
