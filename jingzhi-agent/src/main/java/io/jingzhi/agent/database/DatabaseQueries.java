package io.jingzhi.agent.database;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.TokenUsage;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * The one path every database query takes, from a workflow's database node and from
 * {@code POST /db-connections/{id}/query} alike: references bound as parameters, the read-only checks, the capped
 * and timed run, or for a question the NL2SQL pipeline; then the node's outputs (rows, columns, chart, Markdown).
 */
@Service
public class DatabaseQueries {

  private final QueryRunner runner;
  private final SchemaReader schemas;
  private final ModelClient models;
  private final AgentProperties properties;

  DatabaseQueries(QueryRunner runner, SchemaReader schemas, ModelClient models, AgentProperties properties) {
    this.runner = runner;
    this.schemas = schemas;
    this.models = models;
    this.properties = properties;
  }

  /**
   * One query: {@code sql} (with {@code {{selector}}} references resolved by {@code values}) or {@code question}
   * with {@code model} for NL2SQL. {@code rowLimit} and {@code timeout} are capped by the module's settings.
   */
  public record Request(String sql, Function<String, Object> values, String question, String model,
      Integer rowLimit, List<String> tables, Duration timeout, String title) {}

  /** What a query produced, as outputs plus the facts a trace shows. */
  public record Outcome(Map<String, Object> outputs, TokenUsage usage, Map<String, Object> details) {}

  public Outcome run(Caller caller, DbConnection connection, Request request) {
    int limit = rowLimit(request.rowLimit());
    Duration timeout = timeout(request.timeout());
    boolean nl2sql = request.question() != null && !request.question().isBlank();
    if (nl2sql) {
      if (request.model() == null || request.model().isBlank()) {
        throw new NodeFailure("database.invalid_config", "model: NL2SQL needs the chat model to ask", false);
      }
      DbSchema schema = schemas.schema(connection);
      var question = new Nl2Sql.Question(request.question().strip(), request.model().strip(), connection.dbKind(),
          schema, limit, request.tables(), connection.readOnly());
      Nl2Sql.Answer answer = Nl2Sql.ask(models, caller, question,
          sql -> runner.run(connection, sql, List.of(), limit, timeout));
      Map<String, Object> outputs = outputs(answer.result(), request.title() == null ? request.question()
          : request.title());
      outputs.put("sql", answer.sql());
      outputs.put("explanation", answer.explanation());
      return new Outcome(outputs, answer.usage(), details(connection, answer.sql(), answer.result(),
          Map.of("model", request.model(), "attempts", answer.attempts(), "linked_tables", answer.linkedTables())));
    }
    if (request.sql() == null || request.sql().isBlank()) {
      throw new NodeFailure("database.invalid_config", "sql: the SQL to run (or a question for NL2SQL)", false);
    }
    SqlTemplate.Bound bound = SqlTemplate.bind(request.sql(), request.values() == null ? s -> null
        : request.values());
    String checked = ReadOnlySql.check(bound.sql(), connection.readOnly());
    QueryResult result = runner.run(connection, checked, bound.parameters(), limit, timeout);
    Map<String, Object> outputs = outputs(result, request.title());
    outputs.put("explanation", "");
    return new Outcome(outputs, TokenUsage.NONE, details(connection, checked, result,
        Map.of("parameters", bound.selectors())));
  }

  private int rowLimit(Integer requested) {
    int max = properties.database().rowLimit();
    return requested == null || requested <= 0 ? max : Math.min(requested, max);
  }

  private Duration timeout(Duration requested) {
    Duration max = properties.database().queryTimeout();
    return requested == null || requested.isNegative() || requested.isZero() || requested.compareTo(max) > 0 ? max
        : requested;
  }

  /** The node's outputs for a result (also answered by the query endpoint). */
  static Map<String, Object> outputs(QueryResult result, String title) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", result.rows());
    out.put("columns", result.columns().stream().map(c -> Map.<String, Object>of("name", c.name(), "type", c.type()))
        .toList());
    out.put("row_count", result.rows().size());
    out.put("sql", result.sql());
    out.put("truncated", result.truncated());
    out.put("chart", ChartSpec.choose(result.columns(), result.rows(), title).toMap(result.rows()));
    out.put("markdown", MarkdownTable.of(result.columns(), result.rows(), result.truncated()));
    return out;
  }

  private static Map<String, Object> details(DbConnection c, String sql, QueryResult result,
      Map<String, Object> more) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("connection", c.name());
    details.put("connection_id", c.id());
    details.put("kind", c.kind());
    details.put("read_only", c.readOnly());
    details.put("sql", sql);
    details.put("elapsed_ms", result.elapsedMillis());
    details.putAll(more);
    return details;
  }
}
