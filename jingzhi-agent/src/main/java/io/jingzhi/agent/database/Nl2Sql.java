package io.jingzhi.agent.database;

import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.TokenUsage;
import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ChatRequest;
import io.jingzhi.gateway.api.ChatRequest.Message;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Natural language to SQL: links the question to the relevant tables ({@link SchemaLinker}), asks the model for one
 * SELECT with the linked schema as CREATE TABLE statements, the dialect and the rules, takes the SQL out of the
 * answer (a code fence or plain text), passes it through the read-only checks and runs it. When the SQL is refused
 * or fails, the model gets one repair round with the error message. The model is called as the caller, through the
 * gateway (access, limits, the security guard and metering apply).
 */
public final class Nl2Sql {

  /** Tables given to the model at most (before foreign-key neighbours). */
  public static final int TOP_K = 5;
  private static final Pattern FENCE = Pattern.compile("(?is)```[ \\t]*(?:sql|mysql|postgresql|tsql)?[ \\t]*\\n?(.*?)```");
  private static final Pattern PLAIN = Pattern.compile("(?is)\\b(select|with)\\b.*");

  private Nl2Sql() {}

  /** What the pipeline produced: the SQL that ran and its result, the model's explanation, tokens, attempts. */
  public record Answer(String sql, String explanation, QueryResult result, TokenUsage usage, int attempts,
      List<String> linkedTables) {}

  /** One question. {@code run} executes a checked SQL statement (and may throw {@link NodeFailure}). */
  public record Question(String text, String model, DbKind kind, DbSchema schema, int rowLimit,
      Collection<String> tables, boolean readOnly) {}

  public static Answer ask(ModelClient models, Caller caller, Question q, Function<String, QueryResult> run) {
    SchemaLinker.Linked linked = SchemaLinker.link(q.schema(), q.text(), TOP_K, q.tables());
    if (linked.tables().isEmpty()) {
      throw new NodeFailure("database.nl2sql_no_tables", "the connection shows no tables"
          + (q.tables() == null || q.tables().isEmpty() ? "" : " of " + q.tables()), false);
    }
    List<Message> messages = new ArrayList<>();
    messages.add(new Message("system", system(q.kind(), q.rowLimit())));
    messages.add(new Message("user", "数据库结构：\n" + SchemaLinker.ddl(linked.tables()) + "\n问题：" + q.text()));
    TokenUsage usage = TokenUsage.NONE;
    List<String> names = linked.tables().stream().map(DbSchema.Table::name).toList();
    for (int attempt = 1; ; attempt++) {
      ChatReply reply = models.chat(caller, new ChatRequest(q.model(), messages, 0.0, 1024, false));
      usage = usage.plus(new TokenUsage(reply.promptTokens(), reply.completionTokens()));
      String content = reply.content() == null ? "" : reply.content();
      String sql = extractSql(content);
      String explanation = explanation(content);
      try {
        if (sql == null) {
          throw new NodeFailure("database.nl2sql_no_sql", "the model's answer holds no SQL: "
              + abbreviate(content, 200), false);
        }
        String checked = ReadOnlySql.check(sql, q.readOnly());
        QueryResult result = run.apply(checked);
        return new Answer(checked, explanation, result, usage, attempt, names);
      } catch (NodeFailure failure) {
        boolean repairable = !failure.code().equals("database.timeout")
            && !failure.code().equals("database.connection_failed");
        if (attempt >= 2 || !repairable) {
          throw new NodeFailure(failure.code(), failure.getMessage() + (sql == null ? "" : " (SQL: "
              + abbreviate(sql, 500) + ")"), failure.retryable(), failure);
        }
        messages.add(new Message("assistant", content));
        messages.add(new Message("user", "这条 SQL 没有通过：" + failure.getMessage()
            + "\n请改正，仍只写一条 SELECT 语句，放在 ```sql 代码块中，再用一句话说明。"));
      }
    }
  }

  static String system(DbKind kind, int rowLimit) {
    String cap = kind.usesTop() ? "SELECT TOP " + rowLimit : "LIMIT " + rowLimit;
    return "你是把问题翻译成 SQL 查询的助手。数据库方言：" + kind.dialect() + "。\n规则：\n"
        + "1. 只写一条 SELECT 语句（可以用 WITH），绝不写修改数据或结构的语句，不用 SELECT INTO、FOR UPDATE。\n"
        + "2. 只使用下面给出的表和列，名称照抄。\n"
        + "3. 除非问题只要一行或只要聚合结果，否则用 " + cap + " 限制行数。\n"
        + "4. 先给出放在 ```sql 代码块中的 SQL，再用一句中文说明这条查询做什么。";
  }

  /** The SQL in a model's answer: the first code fence, else the text from the first SELECT/WITH. */
  public static String extractSql(String answer) {
    if (answer == null || answer.isBlank()) {
      return null;
    }
    Matcher fence = FENCE.matcher(answer);
    String sql = null;
    if (fence.find()) {
      sql = fence.group(1);
    } else {
      Matcher plain = PLAIN.matcher(answer);
      if (plain.find()) {
        sql = plain.group();
        int end = sql.indexOf(';');
        int blank = sql.indexOf("\n\n");
        int cut = end >= 0 ? end + 1 : blank >= 0 ? blank : sql.length();
        sql = sql.substring(0, cut);
      }
    }
    return sql == null || sql.isBlank() ? null : sql.strip();
  }

  /** The answer's prose around the SQL, as the node's {@code explanation}. */
  static String explanation(String answer) {
    String prose = FENCE.matcher(answer).replaceAll(" ").strip();
    if (prose.equals(answer.strip()) && PLAIN.matcher(answer).find()) {
      prose = ""; // a bare statement explains nothing
    }
    return abbreviate(prose.replaceAll("\\s+", " "), 500);
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
