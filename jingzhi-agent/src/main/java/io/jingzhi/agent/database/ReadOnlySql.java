package io.jingzhi.agent.database;

import io.jingzhi.agent.engine.NodeFailure;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * The SQL checks every query passes before it reaches a database: exactly one statement (JSqlParser must parse it;
 * what it cannot parse is refused rather than guessed at), and on a read-only connection a plain SELECT (WITH ...
 * SELECT included) without {@code INTO}, without row locks, without a writing CTE, and without the functions known
 * to read or write server files or reach other servers. The database's own read-only transaction is the second
 * wall behind this one ({@link QueryRunner}).
 */
public final class ReadOnlySql {

  /** Stable failure code of a refused statement (never retried: the same SQL is refused again). */
  public static final String REFUSED = "database.read_only";
  /** Stable failure code of SQL that is empty or cannot be read (and names no write). */
  public static final String INVALID = "database.invalid_sql";

  private static final Pattern STRING_LITERAL = Pattern.compile("'(?:''|[^'])*'");
  private static final Pattern QUOTED_NAME = Pattern.compile("\"(?:\"\"|[^\"])*\"|`[^`]*`|\\[[^\\]]*]");
  private static final Pattern WRITE_WORDS = Pattern.compile("(?i)\\b(insert|update|delete|merge|upsert|truncate|drop"
      + "|alter|create|grant|revoke|exec|execute|copy|vacuum)\\b");
  private static final Pattern INTO = Pattern.compile("(?i)\\binto\\b");
  private static final Pattern ROW_LOCK = Pattern.compile(
      "(?i)\\bfor\\s+(update|share|no\\s+key\\s+update|key\\s+share)\\b|\\block\\s+in\\s+share\\s+mode\\b"
          + "|\\bwith\\s*\\(\\s*(updlock|xlock|holdlock|tablockx)");
  private static final Pattern FILE_FUNCTIONS = Pattern.compile("(?i)\\b(pg_read_file|pg_read_binary_file|pg_ls_dir"
      + "|pg_ls_\\w+|pg_stat_file|pg_file_write|pg_file_unlink|pg_file_rename|lo_import|lo_export|lo_get|lo_put"
      + "|lo_from_bytea|lo_create|lo_unlink|dblink\\w*|pg_terminate_backend|pg_cancel_backend|pg_reload_conf"
      + "|pg_rotate_logfile|set_config|pg_promote|pg_create_\\w+|pg_drop_\\w+|query_to_xml\\w*|load_file"
      + "|sys_exec|sys_eval|xp_\\w+|sp_\\w+|openrowset|opendatasource|openquery|openxml|file_read|file_write"
      + "|csvread|csvwrite|link_schema|java_\\w+|reflect|java_method)\\s*\\(");

  private ReadOnlySql() {}

  /**
   * The statement checked and ready to run (a trailing {@code ;} removed). {@code readOnly} false (a writable
   * connection) keeps only the one-statement rule and the file-function rule.
   */
  public static String check(String sql, boolean readOnly) {
    if (sql == null || sql.isBlank()) {
      throw new NodeFailure(INVALID, "the SQL is empty", false);
    }
    String text = sql.strip();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).stripTrailing();
    }
    Statements statements;
    try {
      statements = CCJSqlParserUtil.parseStatements(text);
    } catch (JSQLParserException | RuntimeException e) {
      String why = "the SQL could not be parsed as one statement (" + firstLine(e) + ")";
      // Unreadable and naming a write: refused as a write; unreadable otherwise: a mistake to correct.
      String masked = QUOTED_NAME.matcher(STRING_LITERAL.matcher(text).replaceAll("''")).replaceAll("\"\"");
      boolean write = WRITE_WORDS.matcher(masked).find() || INTO.matcher(masked).find();
      throw write ? refused(why) : new NodeFailure(INVALID, why, false);
    }
    if (statements == null || statements.size() != 1) {
      throw refused("exactly one statement is allowed; found " + (statements == null ? 0 : statements.size()));
    }
    Statement statement = statements.get(0);
    // the normalised text has no comments, so the word checks below cannot be dodged with /* */ between words
    String masked = QUOTED_NAME.matcher(STRING_LITERAL.matcher(statement.toString()).replaceAll("''"))
        .replaceAll("\"\"");
    Matcher function = FILE_FUNCTIONS.matcher(masked);
    if (function.find()) {
      throw refused("the function " + function.group(1) + " reads or writes server files or reaches other servers");
    }
    if (!readOnly) {
      return text;
    }
    if (!(statement instanceof Select select)) {
      throw refused("only a SELECT may run on a read-only connection; this is " + kind(statement));
    }
    checkWithItems(select);
    if (select instanceof PlainSelect plain && plain.getIntoTables() != null && !plain.getIntoTables().isEmpty()) {
      throw refused("SELECT ... INTO writes a table");
    }
    if (INTO.matcher(masked).find()) {
      throw refused("SELECT ... INTO writes a table, a file or variables");
    }
    if (ROW_LOCK.matcher(masked).find()) {
      throw refused("row locks (FOR UPDATE, FOR SHARE ...) are not allowed on a read-only connection");
    }
    Matcher write = WRITE_WORDS.matcher(masked);
    if (write.find()) {
      throw refused("the statement contains '" + write.group(1).toUpperCase(java.util.Locale.ROOT)
          + "': only reading is allowed");
    }
    return text;
  }

  private static void checkWithItems(Select select) {
    if (select.getWithItemsList() == null) {
      return;
    }
    for (WithItem<?> item : select.getWithItemsList()) {
      if (!(item.getParenthesedStatement() instanceof Select)) {
        throw refused("a WITH query that writes (INSERT/UPDATE/DELETE ... RETURNING) is not allowed");
      }
    }
  }

  private static String kind(Statement statement) {
    return statement.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }

  private static String firstLine(Exception e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    String line = message.lines().findFirst().orElse("").strip();
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  static NodeFailure refused(String message) {
    return new NodeFailure(REFUSED, message, false);
  }
}
