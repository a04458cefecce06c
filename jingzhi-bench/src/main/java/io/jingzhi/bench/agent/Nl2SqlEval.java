package io.jingzhi.bench.agent;

import io.jingzhi.agent.database.DbKind;
import io.jingzhi.agent.database.DbSchema;
import io.jingzhi.agent.database.Nl2Sql;
import io.jingzhi.agent.database.QueryResult;
import io.jingzhi.agent.database.SchemaReader;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ChatRequest;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Execution accuracy of the product's NL2SQL pipeline ({@link Nl2Sql}: schema linking, prompt, SQL extraction,
 * read-only checks, one repair round) on the CSpider development set, against MariaDB and PostgreSQL loaded by
 * {@link CspiderLoader}. A question counts as right when the predicted SQL's result equals the gold SQL's as a
 * multiset of rows (in order only when the gold SQL has ORDER BY); numbers compare rounded to 6 decimals. Gold SQL
 * is written for SQLite: on PostgreSQL its double-quoted strings become single-quoted; questions whose gold SQL
 * still fails on a database are reported and left out of that database's accuracy.
 *
 * <p>Usage: {@code Nl2SqlEval --data dir --model-url http://host:port/v1 --model name [--api-key k] [--lang zh|en]
 * [--targets mariadb,postgresql] [--mariadb jdbc:mariadb://127.0.0.1:3306/test] [--postgresql
 * jdbc:postgresql://127.0.0.1:5432/test] [--pg-user postgres] [--limit n] [--no-load]}. {@code --model-url
 * simulator} starts the project's model SIMULATOR in-process: {@code --model placeholder} answers its generated
 * text (proves the plumbing; accuracy 0), {@code --model oracle} is scripted with the gold SQL (checks the harness:
 * accuracy is then that of the gold SQL on the database, near 1). Neither is a model's accuracy.
 */
public final class Nl2SqlEval {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern ORDER_BY = Pattern.compile("(?i)\\border\\s+by\\b");
  private static final Caller CALLER = new Caller(0, "nl2sql-eval", "nl2sql-eval", 0, 0, Set.of(), Set.of(),
      Caller.AuthType.USER, null, null, null, "127.0.0.1", false);

  private Nl2SqlEval() {}

  record Question(String id, String dbId, String zh, String en, String gold) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String key = args[i].replaceFirst("^--", "");
      boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
      a.put(key, flag ? "true" : args[++i]);
    }
    Path data = Path.of(a.getOrDefault("data", "../shared/data/nl2sql/cspider"));
    String lang = a.getOrDefault("lang", "zh");
    int limit = Integer.parseInt(a.getOrDefault("limit", "1000"));
    List<Question> questions = questions(data).stream().limit(limit).toList();
    String modelUrl = require(a, "model-url");
    String model = require(a, "model");
    Simulator sim = null;
    if (modelUrl.equals("simulator")) {
      sim = Simulator.start(new SimulatorConfig(0, 0, 16, 0, 0, true, true, 16, List.of(model)), 0);
      modelUrl = sim.baseUrl();
      System.out.println("model: the project's SIMULATOR (" + model + "), not a real model");
    }
    HttpModelClient client = new HttpModelClient(modelUrl, a.get("api-key"));
    try {
      for (String target : a.getOrDefault("targets", "mariadb,postgresql").split(",")) {
        String base = target.equals("mariadb") ? a.getOrDefault("mariadb", "jdbc:mariadb://127.0.0.1:3306/test")
            : a.getOrDefault("postgresql", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = target.equals("mariadb") ? a.getOrDefault("maria-user", "root")
            : a.getOrDefault("pg-user", "postgres");
        String password = a.getOrDefault(target.equals("mariadb") ? "maria-password" : "pg-password", "");
        if (!a.containsKey("no-load")) {
          for (String dbId : CspiderLoader.dbIds(data)) {
            CspiderLoader.load(data, target, base, user, password, dbId);
          }
          System.out.println(target + ": loaded " + CspiderLoader.dbIds(data).size() + " schemas with "
              + CspiderLoader.ROWS + " synthetic rows a table");
        }
        evaluate(target, base, user, password, questions, lang, client, model,
            sim != null && model.equals("oracle") ? sim : null);
      }
    } finally {
      if (sim != null) {
        sim.close();
      }
    }
  }

  private static void evaluate(String target, String base, String user, String password, List<Question> questions,
      String lang, HttpModelClient client, String model, Simulator oracle) throws SQLException {
    int callsBefore = client.calls.get();
    DbKind kind = target.equals("mariadb") ? DbKind.MARIADB : DbKind.POSTGRESQL;
    int right = 0;
    int goldRuns = 0;
    int predictedRuns = 0;
    int repaired = 0;
    long tokens = 0;
    Map<String, DbSchema> schemas = new HashMap<>();
    long started = System.nanoTime();
    for (Question q : questions) {
      String url = CspiderLoader.url(target, base, q.dbId());
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        c.setReadOnly(true);
        c.setAutoCommit(false);
        DbSchema schema = schemas.computeIfAbsent(q.dbId(), id -> SchemaReader.read(
            new SingleConnectionDataSource(c, true), kind));
        String gold = kind == DbKind.POSTGRESQL ? q.gold().replaceAll("\"([^\"]*)\"", "'$1'") : q.gold();
        List<List<String>> expected;
        try {
          expected = rows(c, gold);
          goldRuns++;
        } catch (SQLException e) {
          c.rollback();
          System.out.println("  " + q.id() + " gold fails on " + target + ": " + e.getMessage().lines().findFirst()
              .orElse(""));
          continue;
        }
        String text = lang.equals("en") ? q.en() : q.zh();
        if (oracle != null) {
          oracle.clearScripts(); // the perfect answer for this database: the gold SQL as it runs here
          oracle.script(text, "```sql\n" + gold + "\n```");
        }
        try {
          Nl2Sql.Answer answer = Nl2Sql.ask(client, CALLER, new Nl2Sql.Question(text, model, kind, schema, 1000,
              List.of(), true), sql -> run(c, sql));
          predictedRuns++;
          repaired += answer.attempts() > 1 ? 1 : 0;
          tokens += answer.usage().totalTokens();
          List<List<String>> actual = rows(c, answer.sql());
          boolean ordered = ORDER_BY.matcher(q.gold()).find();
          if (ordered ? actual.equals(expected) : sorted(actual).equals(sorted(expected))) {
            right++;
          }
        } catch (NodeFailure | SQLException e) {
          c.rollback();
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("%s: execution accuracy %.3f (%d of %d questions whose gold SQL runs; %d of %d asked);"
        + " predicted SQL ran %d, after a repair %d; %d model calls, %d tokens; %.1f s%n", target,
        goldRuns == 0 ? 0 : (double) right / goldRuns, right, goldRuns, right, questions.size(), predictedRuns,
        repaired, client.calls.get() - callsBefore, tokens, seconds);
  }

  private static QueryResult run(Connection c, String sql) {
    try (Statement st = c.createStatement()) {
      st.setMaxRows(1001);
      st.setQueryTimeout(30);
      try (ResultSet rs = st.executeQuery(sql)) {
        List<QueryResult.Column> columns = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          columns.add(new QueryResult.Column(rs.getMetaData().getColumnLabel(i), "VARCHAR"));
        }
        while (rs.next()) {
          // rows are compared later with rows(); running it here lets a failure reach the repair round
        }
        return new QueryResult(sql, columns, List.of(), false, 0);
      }
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the next statement reports a broken connection
      }
      throw new NodeFailure("database.query_failed", e.getMessage(), false, e);
    }
  }

  private static List<List<String>> rows(Connection c, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(normal(rs.getObject(i)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static String normal(Object v) {
    if (v == null) {
      return "∅";
    }
    if (v instanceof Number number) {
      return new BigDecimal(number.toString()).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros()
          .toPlainString();
    }
    return v.toString().strip();
  }

  private static List<List<String>> sorted(List<List<String>> rows) {
    List<List<String>> copy = new ArrayList<>(rows);
    copy.sort((x, y) -> String.join("\u0001", x).compareTo(String.join("\u0001", y)));
    return copy;
  }

  private static List<Question> questions(Path data) throws Exception {
    List<Question> out = new ArrayList<>();
    for (String line : Files.readAllLines(data.resolve("questions.jsonl"))) {
      JsonNode q = JSON.readTree(line);
      out.add(new Question(q.get("id").asString(), q.get("db_id").asString(), q.get("question_zh").asString(),
          q.get("question_en").asString(), q.get("gold_sql").asString()));
    }
    return out;
  }

  private static String require(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }

  /** Chat completions of an OpenAI-compatible server, non-streaming, temperature as asked. */
  static final class HttpModelClient implements ModelClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String apiKey;
    /** Chat calls made (with the repair rounds), so a run that found no SQL still shows the model was asked. */
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    HttpModelClient(String base, String apiKey) {
      this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      this.apiKey = apiKey;
    }

    @Override
    public List<float[]> embed(Caller caller, String model, List<String> texts) {
      throw new UnsupportedOperationException("NL2SQL only chats");
    }

    @Override
    public List<Double> rerank(Caller caller, String model, String query, List<String> documents) {
      throw new UnsupportedOperationException("NL2SQL only chats");
    }

    @Override
    public ChatReply chat(Caller caller, ChatRequest request) {
      calls.incrementAndGet();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("model", request.model());
      body.put("messages", request.messages().stream().map(m -> Map.of("role", m.role(), "content", m.content()))
          .toList());
      if (request.temperature() != null) {
        body.put("temperature", request.temperature());
      }
      if (request.maxTokens() != null) {
        body.put("max_tokens", request.maxTokens());
      }
      var builder = HttpRequest.newBuilder(URI.create(base + "/chat/completions")).timeout(Duration.ofMinutes(2))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (apiKey != null) {
        builder.header("Authorization", "Bearer " + apiKey);
      }
      try {
        HttpResponse<String> res = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
          throw new NodeFailure("database.model_failed", "model answered " + res.statusCode() + ": "
              + res.body().substring(0, Math.min(300, res.body().length())), false);
        }
        JsonNode json = JSON.readTree(res.body());
        JsonNode choice = json.path("choices").path(0);
        return new ChatReply(choice.path("message").path("content").asString(""),
            choice.path("finish_reason").asString(""), json.path("model").asString(""),
            json.path("usage").path("prompt_tokens").asInt(0), json.path("usage").path("completion_tokens").asInt(0));
      } catch (java.io.IOException e) {
        throw new NodeFailure("database.model_failed", "model unreachable: " + e.getMessage(), true, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NodeFailure("database.model_failed", "interrupted", false, e);
      }
    }
  }
}
