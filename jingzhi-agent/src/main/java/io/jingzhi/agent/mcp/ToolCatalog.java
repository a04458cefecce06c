package io.jingzhi.agent.mcp;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.mcp.McpServerRepository.Stored;
import io.jingzhi.agent.mcp.McpServerRepository.Version;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.time.Clock;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tool lists of servers: the current stored version, and refreshing it from the server (a list that changed
 * in names, descriptions or schemas is stored as a new version; the same list adds none).
 */
@Component
public class ToolCatalog {

  private static final TypeReference<List<McpToolInfo>> TOOLS = new TypeReference<>() {};

  private final McpServerRepository repository;
  private final McpConnections connections;
  private final AgentProperties properties;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();
  private final DefaultJsonSchemaValidator validator = new DefaultJsonSchemaValidator(json);
  private final ToolLinter linter = new ToolLinter(validator);
  private final ToolArguments arguments = new ToolArguments(validator);

  public ToolCatalog(McpServerRepository repository, McpConnections connections, AgentProperties properties,
      Clock clock) {
    this.repository = repository;
    this.connections = connections;
    this.properties = properties;
    this.clock = clock;
  }

  /** What a refresh found. */
  public record Refresh(boolean changed, int version, List<McpToolInfo> tools) {}

  /** The tools of the current version, without findings; empty before the first refresh. */
  public List<McpToolInfo> current(Stored server) {
    if (server.currentVersion() == 0) {
      return List.of();
    }
    return repository.version(server.id(), server.currentVersion()).map(this::tools).orElse(List.of());
  }

  /** The current tools, listed from the server first when none were ever stored. */
  public List<McpToolInfo> currentOrRefreshed(Stored server, Long userId) {
    return server.currentVersion() == 0 ? refresh(server, userId).tools() : current(server);
  }

  /** Lists the tools from the server and stores a new version when they changed. Failures are recorded too. */
  public Refresh refresh(Stored server, Long userId) {
    List<McpToolInfo> listed;
    try {
      listed = connections.endpoint(server).listTools(properties.mcp().requestTimeout()).stream()
          .map(McpToolInfo::of).toList();
    } catch (McpCallFailed e) {
      repository.refreshed(server.id(), server.currentVersion(), e.getMessage(), clock.instant());
      throw e;
    }
    String digest = ToolDigest.of(listed);
    var current = server.currentVersion() == 0 ? null : repository.version(server.id(), server.currentVersion())
        .orElse(null);
    if (current != null && current.digest().equals(digest)) {
      repository.refreshed(server.id(), current.version(), null, clock.instant());
      return new Refresh(false, current.version(), linter.lint(listed));
    }
    int next = repository.versions(server.id()).stream().mapToInt(Version::version).max().orElse(0) + 1;
    try {
      repository.addVersion(new Version(server.id(), next, json.writeValueAsString(listed), digest, listed.size(),
          userId, clock.instant()));
    } catch (DuplicateKeyException e) {
      // A refresh running at the same moment stored this version number first; its list is as new as ours.
      return new Refresh(false, next, linter.lint(listed));
    }
    repository.refreshed(server.id(), next, null, clock.instant());
    return new Refresh(true, next, linter.lint(listed));
  }

  /** The tools of a stored version as written. */
  public List<McpToolInfo> tools(Version version) {
    return json.readValue(version.tools(), TOOLS);
  }

  public List<McpToolInfo> lint(List<McpToolInfo> tools) {
    return linter.lint(tools);
  }

  /** Null when the arguments fit the tool's input schema; otherwise what is wrong. */
  public String argumentProblem(McpToolInfo tool, java.util.Map<String, Object> args) {
    return arguments.problem(tool.inputSchema(), args);
  }
}
