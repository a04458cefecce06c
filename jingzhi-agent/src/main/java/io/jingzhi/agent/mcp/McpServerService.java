package io.jingzhi.agent.mcp;

import io.jingzhi.agent.mcp.McpServerRepository.Row;
import io.jingzhi.agent.mcp.McpServerRepository.Stored;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.ProjectDirectory;
import io.jingzhi.iam.api.ProjectDirectory.ProjectRef;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Registers, changes and deletes MCP servers, with an audit event for every change. */
@Service
public class McpServerService {

  private final McpServerRepository repository;
  private final McpServerAccess access;
  private final McpServerInputCheck check;
  private final McpSecrets secrets;
  private final McpConnections connections;
  private final ProjectDirectory directory;
  private final AuditLog audit;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();

  public McpServerService(McpServerRepository repository, McpServerAccess access, McpServerInputCheck check,
      McpSecrets secrets, McpConnections connections, ProjectDirectory directory, AuditLog audit, Clock clock) {
    this.repository = repository;
    this.access = access;
    this.check = check;
    this.secrets = secrets;
    this.connections = connections;
    this.directory = directory;
    this.audit = audit;
    this.clock = clock;
  }

  public List<McpServer> list(Caller caller, String q) {
    caller.require(Permissions.AGENT_READ);
    String needle = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
    return repository.visible(caller.platformScope() ? null : caller.tenantId()).stream()
        .filter(s -> needle.isEmpty() || s.name().toLowerCase(Locale.ROOT).contains(needle)
            || s.description().toLowerCase(Locale.ROOT).contains(needle))
        .map(this::view).toList();
  }

  public McpServer get(Caller caller, long id) {
    return view(access.readable(caller, id));
  }

  @Transactional
  public McpServer create(Caller caller, McpServerInput in) {
    caller.require(Permissions.AGENT_WRITE);
    ProjectRef project = project(caller, in.project());
    String name = check.name(in.name());
    String transport = check.transport(in.transport());
    if (McpServer.STDIO.equals(transport)) {
      check.hostProcess(caller);
    }
    if (repository.nameTaken(name, project.tenantId(), -1)) {
      throw ApiException.conflict("mcp_server.name_taken", "An MCP server named " + name + " exists");
    }
    Row row = row(name, in, project, transport, Map.of(), Map.of(), null);
    long id = repository.insert(row, caller.userId(), clock.instant());
    McpServer created = view(repository.find(id).orElseThrow());
    audit.record(AuditRecord.success(caller, "mcp_server.create", "mcp_server", id, name, null, summary(created)));
    return created;
  }

  @Transactional
  public McpServer update(Caller caller, long id, McpServerInput in) {
    Stored before = access.writable(caller, id);
    ProjectRef project = in.project() == null ? directory.byId(before.projectId()).orElseThrow()
        : project(caller, in.project());
    if (!caller.platformScope() && project.tenantId() != before.tenantId()) {
      throw ApiException.notFound("project", in.project());
    }
    String name = in.name() == null ? before.name() : check.name(in.name());
    String transport = in.transport() == null ? before.transport() : check.transport(in.transport());
    if (McpServer.STDIO.equals(transport) || McpServer.STDIO.equals(before.transport())) {
      check.hostProcess(caller);
    }
    if (repository.nameTaken(name, project.tenantId(), id)) {
      throw ApiException.conflict("mcp_server.name_taken", "An MCP server named " + name + " exists");
    }
    McpServer old = view(before);
    repository.update(id, row(name, in, project, transport, secrets.open(before.sealedHeaders()),
        secrets.open(before.sealedEnv()), before), clock.instant());
    // The pooled client was built from the old settings.
    connections.evict(id);
    McpServer after = view(repository.find(id).orElseThrow());
    audit.record(AuditRecord.success(caller, "mcp_server.update", "mcp_server", id, name, summary(old),
        summary(after)));
    return after;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    Stored server = access.writable(caller, id);
    repository.delete(id);
    connections.evict(id);
    audit.record(AuditRecord.success(caller, "mcp_server.delete", "mcp_server", id, server.name(),
        summary(view(server)), null));
  }

  /** The API view: secret values masked. */
  McpServer view(Stored s) {
    return new McpServer(s.id(), s.name(), s.description(), s.projectId(), s.projectCode(), s.orgId(), s.tenantId(),
        s.transport(), s.url(), McpSecrets.masked(secrets.open(s.sealedHeaders())), s.command(), s.args(),
        McpSecrets.masked(secrets.open(s.sealedEnv())), s.currentVersion(), s.toolCount(), s.refreshedAt(),
        s.lastError(), s.createdBy(), s.createdAt(), s.updatedAt());
  }

  private Row row(String name, McpServerInput in, ProjectRef project, String transport,
      Map<String, String> storedHeaders, Map<String, String> storedEnv, Stored before) {
    String description = in.description() != null ? in.description().strip()
        : before != null ? before.description() : "";
    if (description.length() > 1000) {
      throw ApiException.invalid("description", "at most 1000 characters");
    }
    if (McpServer.STDIO.equals(transport)) {
      String command = check.command(in.command() != null ? in.command() : before != null ? before.command() : null);
      List<String> args = in.args() != null ? List.copyOf(in.args()) : before != null ? before.args() : List.of();
      check.args(args);
      Map<String, String> env = in.env() != null ? McpSecrets.merge(storedEnv, in.env()) : storedEnv;
      check.env(env);
      return new Row(name, description, project.id(), project.orgId(), project.tenantId(), transport, null, null,
          command, args, secrets.seal(env));
    }
    String url = check.url(in.url() != null ? in.url() : before != null ? before.url() : null);
    Map<String, String> headers = in.headers() != null ? McpSecrets.merge(storedHeaders, in.headers())
        : storedHeaders;
    check.headers(headers);
    return new Row(name, description, project.id(), project.orgId(), project.tenantId(), transport, url,
        secrets.seal(new LinkedHashMap<>(headers)), null, List.of(), null);
  }

  private ProjectRef project(Caller caller, String code) {
    if (code == null || code.isBlank()) {
      throw ApiException.invalid("project", "required: the code of the owning project");
    }
    ProjectRef project = directory.byCode(code.strip()).orElseThrow(() -> ApiException.notFound("project", code));
    if (!caller.canSeeTenant(project.tenantId())) {
      throw ApiException.notFound("project", code);
    }
    if (!access.owns(caller, project.tenantId(), project.orgId())) {
      throw new io.jingzhi.agent.AgentException(HttpStatus.FORBIDDEN, "project.not_yours",
          "Project " + code + " belongs to another office: its servers are registered by its own people");
    }
    return project;
  }

  private String summary(McpServer server) {
    String text = json.writeValueAsString(server);
    return text.length() <= 8000 ? text : text.substring(0, 8000) + "…";
  }
}
