package io.jingzhi.agent;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the agent module ({@code jingzhi.agent.*}), one nested record per feature.
 *
 * @param engine the workflow engine
 * @param http the HTTP request node
 * @param mcp MCP tool calls
 * @param database database nodes
 * @param code the sandboxed code node
 * @param runs run execution and history
 */
@ConfigurationProperties("jingzhi.agent")
public record AgentProperties(
    @DefaultValue Engine engine,
    @DefaultValue Http http,
    @DefaultValue Mcp mcp,
    @DefaultValue Database database,
    @DefaultValue Code code,
    @DefaultValue Runs runs) {

  /**
   * @param nodeTimeout a node's timeout when its policy names none
   * @param maxNodes most nodes one definition may have (loop bodies included)
   * @param maxLoopItems most items one loop node iterates
   * @param maxParallel branches (and loop items) one run executes at once
   * @param maxSteps most node executions one run may make (a guard against runaway loops)
   */
  public record Engine(
      @DefaultValue("60s") Duration nodeTimeout,
      @DefaultValue("200") int maxNodes,
      @DefaultValue("1000") int maxLoopItems,
      @DefaultValue("8") int maxParallel,
      @DefaultValue("10000") int maxSteps) {}

  /**
   * @param timeout default timeout of one HTTP request
   * @param maxResponseSize largest response body read
   * @param allowPrivateNetworks whether requests may go to loopback/private addresses (false in production)
   */
  public record Http(
      @DefaultValue("30s") Duration timeout,
      @DefaultValue("5MB") DataSize maxResponseSize,
      @DefaultValue("true") boolean allowPrivateNetworks) {}

  /**
   * @param requestTimeout timeout of one MCP request
   * @param stdioAllowed whether stdio servers (local processes) may be registered
   * @param stdioCommands the commands a stdio server may name without an absolute path (found on the PATH);
   *     any other command must be an absolute path to an executable file
   */
  public record Mcp(
      @DefaultValue("30s") Duration requestTimeout,
      @DefaultValue("true") boolean stdioAllowed,
      @DefaultValue({"java", "node", "npx", "python3", "uvx"}) java.util.List<String> stdioCommands) {}

  /**
   * @param rowLimit most rows a database node returns
   * @param queryTimeout longest one query may run
   */
  public record Database(
      @DefaultValue("1000") int rowLimit,
      @DefaultValue("30s") Duration queryTimeout) {}

  /**
   * @param timeout longest a code node may run
   * @param memoryLimit most memory a code node may allocate
   */
  public record Code(
      @DefaultValue("5s") Duration timeout,
      @DefaultValue("64MB") DataSize memoryLimit) {}

  /**
   * @param workers runs executed at once (more wait in line)
   * @param keepDays how long run traces are kept
   * @param maxTraceValueChars longest text kept per input/output value in a trace
   * @param queue runs admitted to wait for a worker; beyond it new runs are refused with 429
   */
  public record Runs(
      @DefaultValue("64") int workers,
      @DefaultValue("90") int keepDays,
      @DefaultValue("20000") int maxTraceValueChars,
      @DefaultValue("1000") int queue) {}
}
