package io.jingzhi.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulator's command line: flags, {@code --help}, and how a bad command line ends the process. */
class CommandLineTest {

  @Test
  void helpListsEveryFlagWithItsDefault() {
    assertThat(CommandLine.parse("--help")).isInstanceOf(CommandLine.Help.class);
    assertThat(CommandLine.parse("-h")).isInstanceOf(CommandLine.Help.class);
    assertThat(CommandLine.parse("--port", "1", "--help")).isInstanceOf(CommandLine.Help.class);
    assertThat(CommandLine.usage()).contains(
        "--host HOST", "(default 127.0.0.1)",
        "--port PORT", "(default 9000)",
        "--ttft-ms MS", "(default 200)",
        "--itl-ms MS", "(default 40)",
        "--tokens N", "(default 64)",
        "--failure-rate R", "(default 0.0)",
        "--models IDS", "(default sim-chat)",
        "-h, --help");
  }

  @Test
  void parsesEveryFlagOverTheDefaults() {
    var run = (CommandLine.Run) CommandLine.parse("--host", "0.0.0.0", "--port", "9100", "--ttft-ms", "5",
        "--itl-ms", "7", "--tokens", "9", "--failure-rate", "0.25", "--models", "a, b");
    assertThat(run.host()).isEqualTo("0.0.0.0");
    assertThat(run.port()).isEqualTo(9100);
    assertThat(run.config()).isEqualTo(new SimulatorConfig(5, 7, 9, 0.25, 0, true, true, 64, List.of("a", "b")));
    var defaults = (CommandLine.Run) CommandLine.parse();
    assertThat(defaults).isEqualTo(new CommandLine.Run("127.0.0.1", 9000, SimulatorConfig.defaults()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--verbose|unknown option --verbose",
      "--port|--port needs a value",
      "--port 9000 --ttft-ms|--ttft-ms needs a value",
      "--port abc|--port must be a whole number from 0 to 65535, got 'abc'",
      "--port 70000|--port must be a whole number from 0 to 65535",
      "--ttft-ms -1|--ttft-ms must be a whole number from 0 up",
      "--tokens 1.5|--tokens must be a whole number",
      "--failure-rate 2|--failure-rate must be a number from 0 to 1",
      "--failure-rate NaN|--failure-rate must be a number from 0 to 1",
      "--models a,,b|--models must be comma-separated model ids"})
  void refusesAnUnknownFlagOrAMissingOrBadValueInOneLine(String args, String message) {
    assertThatThrownBy(() -> CommandLine.parse(args.split(" ")))
        .isInstanceOfSatisfying(CommandLine.UsageError.class, e -> {
          assertThat(e.getMessage()).contains(message);
          assertThat(e.line()).startsWith("jingzhi-simulator: ").endsWith("; see --help").doesNotContain("\n");
        });
  }

  @Test
  void theProcessExitsZeroAfterHelpAndTwoWithoutAStackTraceAfterABadFlag() throws Exception {
    Result help = runMain("--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("Usage: java -jar jingzhi-simulator.jar", "--failure-rate R");
    assertThat(help.err()).isEmpty();

    Result bad = runMain("--port", "9000", "--bogus", "1");
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("jingzhi-simulator: unknown option --bogus; see --help" + System.lineSeparator());
    assertThat(bad.out()).isEmpty();
  }

  private record Result(int status, String out, String err) {}

  /** Runs {@link Simulator#main} in a JVM of its own, as {@code java -jar} would. */
  private static Result runMain(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Simulator.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process ended").isTrue();
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
