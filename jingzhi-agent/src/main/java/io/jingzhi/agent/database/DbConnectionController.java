package io.jingzhi.agent.database;

import io.jingzhi.agent.AgentCallers;
import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Database connections: {@code /api/v1/db-connections}. Work of signed-in users (API keys get 403
 * {@code user_only}); {@code /query} runs SQL or an NL2SQL question through the same path as the database node.
 */
@RestController
@RequestMapping("/api/v1/db-connections")
public class DbConnectionController {

  private final DbConnectionService service;
  private final DatabaseQueries queries;
  private final SchemaReader schemas;
  private final ConnectionPools pools;

  DbConnectionController(DbConnectionService service, DatabaseQueries queries, SchemaReader schemas,
      ConnectionPools pools) {
    this.service = service;
    this.queries = queries;
    this.schemas = schemas;
    this.pools = pools;
  }

  /** A query from the API: SQL with {@code {{name}}} references filled from {@code params}, or a question. */
  public record QueryRequest(@Size(max = 100_000) String sql, Map<String, Object> params,
      @Size(max = 4000) String question, @Size(max = 128) String model, Integer rowLimit,
      @Size(max = 200) List<String> tables, Long timeoutMs) {}

  @GetMapping
  public List<DbConnection> list(@RequestParam(required = false) String project) {
    return service.list(AgentCallers.user(), project);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "agent.db_connection.create", target = DbConnectionService.RESOURCE)
  public DbConnection create(@Valid @RequestBody DbConnectionInput input) {
    return service.create(AgentCallers.user(), input);
  }

  @GetMapping("/{id}")
  public DbConnection get(@PathVariable long id) {
    return service.get(AgentCallers.user(), id);
  }

  @PatchMapping("/{id}")
  @Audited(value = "agent.db_connection.update", target = DbConnectionService.RESOURCE)
  public DbConnection update(@PathVariable long id, @Valid @RequestBody DbConnectionInput input) {
    return service.update(AgentCallers.user(), id, input);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "agent.db_connection.delete", target = DbConnectionService.RESOURCE)
  public void delete(@PathVariable long id) {
    service.delete(AgentCallers.user(), id);
  }

  /** Connects and answers the product and version of the database server. */
  @PostMapping("/{id}/test")
  public Map<String, Object> test(@PathVariable long id) {
    Caller caller = AgentCallers.user();
    caller.require(Permissions.AGENT_WRITE);
    DbConnection connection = service.visible(caller, id);
    long started = System.nanoTime();
    return translated(() -> {
      try (Connection c = pools.dataSource(connection).getConnection()) {
        DatabaseMetaData meta = c.getMetaData();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", true);
        out.put("product", meta.getDatabaseProductName());
        out.put("version", meta.getDatabaseProductVersion());
        out.put("driver", meta.getDriverName() + " " + meta.getDriverVersion());
        out.put("read_only", connection.readOnly());
        out.put("elapsed_ms", (System.nanoTime() - started) / 1_000_000);
        return out;
      } catch (SQLException e) {
        throw new NodeFailure("database.connection_failed", "cannot connect: " + QueryRunner.message(e), true, e);
      }
    });
  }

  /** Tables, columns (types, comments), primary and foreign keys of the connection; cached for a minute. */
  @GetMapping("/{id}/schema")
  public DbSchema schema(@PathVariable long id) {
    Caller caller = AgentCallers.user();
    caller.require(Permissions.AGENT_READ);
    DbConnection connection = service.visible(caller, id);
    return translated(() -> schemas.schema(connection));
  }

  /** Runs SQL or an NL2SQL question with the read-only rules: the database node's own path. */
  @PostMapping("/{id}/query")
  public Map<String, Object> query(@PathVariable long id, @Valid @RequestBody QueryRequest body) {
    Caller caller = AgentCallers.user();
    caller.require(Permissions.AGENT_WRITE);
    DbConnection connection = service.visible(caller, id);
    boolean hasSql = body.sql() != null && !body.sql().isBlank();
    boolean hasQuestion = body.question() != null && !body.question().isBlank();
    if (hasSql == hasQuestion) {
      throw ApiException.invalid(hasSql ? "question" : "sql", "give either sql or question (with model)");
    }
    if (hasQuestion && (body.model() == null || body.model().isBlank())) {
      throw ApiException.invalid("model", "required with question: the chat model that writes the SQL");
    }
    if (body.rowLimit() != null && body.rowLimit() < 1) {
      throw ApiException.invalid("row_limit", "must be at least 1");
    }
    if (body.timeoutMs() != null && body.timeoutMs() < 1) {
      throw ApiException.invalid("timeout_ms", "must be at least 1");
    }
    Map<String, Object> params = body.params() == null ? Map.of() : body.params();
    var request = new DatabaseQueries.Request(body.sql(), name -> {
      if (!params.containsKey(name)) {
        throw ApiException.invalid("params." + name, "the SQL refers to {{" + name + "}}: give its value in params");
      }
      return params.get(name);
    }, body.question(), body.model(), body.rowLimit(), body.tables(),
        body.timeoutMs() == null ? null : Duration.ofMillis(body.timeoutMs()), null);
    return translated(() -> {
      var outcome = queries.run(caller, connection, request);
      Map<String, Object> out = new LinkedHashMap<>(outcome.outputs());
      out.put("elapsed_ms", outcome.details().get("elapsed_ms"));
      out.put("usage", Map.of("prompt_tokens", outcome.usage().promptTokens(), "completion_tokens",
          outcome.usage().completionTokens()));
      if (outcome.details().containsKey("linked_tables")) {
        out.put("linked_tables", outcome.details().get("linked_tables"));
        out.put("attempts", outcome.details().get("attempts"));
      }
      return out;
    });
  }

  private static <T> T translated(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (NodeFailure f) {
      throw new AgentException(status(f.code()), f.code(), f.getMessage());
    }
  }

  /** The HTTP status of a database failure code. */
  static HttpStatus status(String code) {
    return switch (code) {
      case "database.timeout" -> HttpStatus.GATEWAY_TIMEOUT;
      case "database.connection_failed" -> HttpStatus.BAD_GATEWAY;
      default -> HttpStatus.UNPROCESSABLE_ENTITY;
    };
  }
}
