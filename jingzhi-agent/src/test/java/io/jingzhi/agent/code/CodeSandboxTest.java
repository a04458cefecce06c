package io.jingzhi.agent.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.engine.NodeFailure;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class CodeSandboxTest {

  static CodeSandbox sandbox;

  @BeforeAll
  static void start() {
    AgentProperties defaults = TestProperties.withCode(Duration.ofSeconds(60), DataSize.ofMegabytes(64));
    sandbox = new CodeSandbox(defaults);
  }

  @AfterAll
  static void stop() {
    sandbox.destroy();
  }

  @Test
  void runsMainWithInputsAndAnswersItsResultAsJson() {
    var outcome = sandbox.run("function main(inputs) { return {sum: inputs.a + inputs.b, tags: inputs.t.map(x => x.toUpperCase())}; }",
        "{\"a\": 2, \"b\": 40, \"t\": [\"x\", \"y\"]}", Duration.ofSeconds(60));
    assertThat(outcome.json()).isEqualTo("{\"sum\":42,\"tags\":[\"X\",\"Y\"]}");
  }

  @Test
  void anOrdinaryTransformationOfThousandsOfRowsFitsTheBudget() {
    var outcome = sandbox.run("""
        function main(inputs) {
          const rows = [];
          for (let i = 0; i < 5000; i++) { rows.push({district: 'D' + (i % 16), amount: i * 1.5}); }
          const sums = {};
          rows.filter(r => r.amount > 10).forEach(r => { sums[r.district] = (sums[r.district] || 0) + r.amount; });
          return {districts: Object.keys(sums).sort(), total: Object.values(sums).reduce((a, b) => a + b, 0)};
        }""", "{}", Duration.ofSeconds(60));
    System.out.println("allocated " + outcome.allocatedBytes() + " bytes in " + outcome.elapsedMicros() + " us");
    assertThat(outcome.json()).contains("\"D0\"").contains("\"total\":");
  }

  @Test
  void anEndlessLoopIsStoppedAtTheTimeout() {
    assertThatThrownBy(() -> sandbox.run("function main() { while (true) {} }", "{}", Duration.ofMillis(300)))
        .isInstanceOf(NodeFailure.class).extracting("code").isEqualTo("code.timeout");
  }

  @Test
  void allocatingWithoutBoundIsStoppedByTheMemoryBudget() {
    assertThatThrownBy(() -> sandbox.run(
        "function main() { const a = []; while (true) { a.push('x'.repeat(1024) + a.length); } }", "{}",
        Duration.ofSeconds(120)))
        .isInstanceOf(NodeFailure.class).extracting("code").isEqualTo("code.memory_limit");
  }

  @Test
  void theHostIsOutOfReach() {
    for (String probe : new String[] {
        "function main() { return {v: String(Java.type('java.lang.System').getenv('HOME'))}; }",
        "function main() { return {v: String(Polyglot.eval('js', '1'))}; }",
        "function main() { return {v: String(require('fs').readFileSync('/etc/passwd'))}; }",
        "function main() { return {v: String(load('/etc/passwd'))}; }"}) {
      assertThatThrownBy(() -> sandbox.run(probe, "{}", Duration.ofSeconds(60)))
          .as(probe).isInstanceOf(NodeFailure.class).extracting("code").isEqualTo("code.runtime_error");
    }
  }

  @Test
  void aThrownErrorIsARuntimeErrorWithItsMessageAndLine() {
    assertThatThrownBy(() -> sandbox.run("function main() {\n  throw new Error('no data');\n}", "{}",
        Duration.ofSeconds(60)))
        .isInstanceOf(NodeFailure.class)
        .hasMessageContaining("no data").hasMessageContaining("line 2");
  }

  @Test
  void syntaxErrorsAreFoundWithoutRunning() {
    assertThat(sandbox.syntaxError("function main( { return 1 }")).hasValueSatisfying(
        m -> assertThat(m).contains("syntax error"));
    assertThat(sandbox.syntaxError("function main() { while(true){} }")).isEmpty();
  }
}
