package io.jingzhi.agent.database;

import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Validation;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.gateway.api.ModelCallFailed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The {@code database} node: runs SQL ({@code mode: sql}, references bound as parameters) or answers a question
 * with NL2SQL ({@code mode: nl2sql}) on a stored connection the run's caller may see, with the read-only rules of
 * {@link ReadOnlySql} and {@link QueryRunner}. Config: {@code connection} (name or id), {@code mode}, {@code sql},
 * {@code question}, {@code model}, {@code row_limit}, {@code tables}, {@code title}.
 */
@Component
public class DatabaseNodeExecutor implements NodeExecutor {

  static final Map<String, VarType> OUTPUTS;

  static {
    Map<String, VarType> outputs = new LinkedHashMap<>();
    outputs.put("rows", VarType.ARRAY_OBJECT);
    outputs.put("columns", VarType.ARRAY_OBJECT);
    outputs.put("row_count", VarType.NUMBER);
    outputs.put("sql", VarType.STRING);
    outputs.put("truncated", VarType.BOOLEAN);
    outputs.put("chart", VarType.OBJECT);
    outputs.put("markdown", VarType.STRING);
    outputs.put("explanation", VarType.STRING);
    OUTPUTS = java.util.Collections.unmodifiableMap(outputs);
  }

  private final DbConnectionService connections;
  private final DatabaseQueries queries;

  DatabaseNodeExecutor(DbConnectionService connections, DatabaseQueries queries) {
    this.connections = connections;
    this.queries = queries;
  }

  @Override
  public String type() {
    return "database";
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    return OUTPUTS;
  }

  @Override
  public void validate(NodeSpec node, Validation v) {
    JsonNode config = node.config();
    if (config == null || !config.isObject()) {
      v.error("config", "required: connection and sql (or mode nl2sql with question and model)");
      return;
    }
    if (!text(config, "connection")) {
      v.error("config.connection", "required: the name or id of a database connection");
    }
    String mode = mode(config);
    if (!mode.equals("sql") && !mode.equals("nl2sql")) {
      v.error("config.mode", "must be sql or nl2sql");
      return;
    }
    if (mode.equals("sql")) {
      if (!text(config, "sql")) {
        v.error("config.sql", "required in mode sql: one SELECT statement ({{refs}} are bound as parameters)");
      } else {
        checkSql(config.get("sql").asString(), v);
      }
    } else {
      if (!text(config, "question")) {
        v.error("config.question", "required in mode nl2sql: the question (a template)");
      }
      if (!text(config, "model")) {
        v.error("config.model", "required in mode nl2sql: the chat model that writes the SQL");
      }
    }
    JsonNode limit = config.get("row_limit");
    if (limit != null && !limit.isNull() && !(limit.isIntegralNumber() && limit.asInt() >= 1)) {
      v.error("config.row_limit", "must be a whole number of at least 1");
    }
    JsonNode tables = config.get("tables");
    if (tables != null && !tables.isNull() && !(tables.isArray() && tables.valueStream().allMatch(JsonNode::isString))) {
      v.error("config.tables", "must be a list of table names");
    }
  }

  private static void checkSql(String sql, Validation v) {
    try {
      String placeholders = SqlTemplate.bind(sql, s -> null).sql();
      ReadOnlySql.check(placeholders, false);
    } catch (NodeFailure f) {
      v.error("config.sql", f.getMessage());
    }
  }

  @Override
  public NodeResult execute(NodeContext context) throws Exception {
    JsonNode config = context.config();
    Object name = context.resolve("connection");
    DbConnection connection;
    try {
      connection = connections.resolve(context.caller(), name == null ? null : String.valueOf(name));
    } catch (ApiException e) {
      throw new NodeFailure("database.connection_not_found", "no database connection '" + name
          + "' visible to the caller", false);
    }
    boolean nl2sql = mode(config).equals("nl2sql");
    Object question = nl2sql ? context.resolve("question") : null;
    Object model = nl2sql ? context.resolve("model") : null;
    Object title = context.resolve("title");
    var request = new DatabaseQueries.Request(nl2sql ? null : config.path("sql").asString(null),
        context::value, question == null ? null : String.valueOf(question), model == null ? null
        : String.valueOf(model), config.path("row_limit").isIntegralNumber() ? config.get("row_limit").asInt() : null,
        tables(config), context.timeLeft(), title == null ? null : String.valueOf(title));
    if (nl2sql && (request.question() == null || request.question().isBlank())) {
      throw new NodeFailure("database.invalid_config", "question: the rendered question is empty", false);
    }
    if (context.cancelled()) {
      throw new NodeFailure("database.cancelled", "the run was cancelled", false);
    }
    try {
      var outcome = queries.run(context.caller(), connection, request);
      return NodeResult.of(outcome.outputs()).withUsage(outcome.usage()).withDetails(outcome.details());
    } catch (ModelCallFailed e) {
      int status = e.status().value();
      throw new NodeFailure("database.model_failed", e.getMessage(), status == 429 || status >= 500, e);
    }
  }

  private static String mode(JsonNode config) {
    JsonNode mode = config.get("mode");
    if (mode != null && mode.isString()) {
      return mode.asString().strip();
    }
    return config.has("question") && !config.has("sql") ? "nl2sql" : "sql";
  }

  private static List<String> tables(JsonNode config) {
    JsonNode tables = config.get("tables");
    if (tables == null || !tables.isArray()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    tables.forEach(t -> out.add(t.asString()));
    return out;
  }

  private static boolean text(JsonNode config, String field) {
    JsonNode n = config.get(field);
    return n != null && (n.isString() && !n.asString().isBlank() || n.isIntegralNumber());
  }
}
