package io.jingzhi.knowledge.ingest;

import io.jingzhi.knowledge.parse.DocumentRejected;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a database table for a JDBC import: PostgreSQL, MariaDB or MySQL only (an embedded database URL could reach
 * the server's own files), a read-only connection in a transaction that is rolled back, one SELECT statement, a row
 * cap and a query timeout. Each row becomes one record (a JSON line {id, text, metadata}), so it is ingested like a
 * JSONL upload: one chunk per row.
 */
@Component
class JdbcRows {

  static final Set<String> ALLOWED_PREFIXES = Set.of("jdbc:postgresql:", "jdbc:mariadb:", "jdbc:mysql:");
  private static final Pattern SELECT = Pattern.compile("(?is)^\\s*(select|with)\\b.*");

  private final JsonMapper json;

  JdbcRows(JsonMapper json) {
    this.json = json;
  }

  /** Checks a JDBC import request before a job is made for it: the reason when it is refused, else null. */
  static String problem(String url, String query, List<String> textColumns) {
    if (url == null || ALLOWED_PREFIXES.stream().noneMatch(p -> url.toLowerCase(Locale.ROOT).startsWith(p))) {
      return "jdbc_url: only PostgreSQL, MariaDB and MySQL (jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:)";
    }
    if (query == null || !SELECT.matcher(query).matches()) {
      return "query: must be one SELECT statement";
    }
    String body = query.strip();
    if (body.endsWith(";")) {
      body = body.substring(0, body.length() - 1);
    }
    if (body.contains(";")) {
      return "query: must be one SELECT statement (no ';' inside)";
    }
    if (textColumns == null || textColumns.isEmpty()) {
      return "text_columns: name at least one column";
    }
    return null;
  }

  Imports.Source read(JsonNode params, String password, int rowLimit, Duration timeout) {
    String url = params.path("jdbc_url").asString();
    String query = params.path("query").asString().strip();
    if (query.endsWith(";")) {
      query = query.substring(0, query.length() - 1);
    }
    List<String> textColumns = strings(params.path("text_columns"));
    List<String> metadataColumns = strings(params.path("metadata_columns"));
    String idColumn = params.path("id_column").asString(null);
    DriverManager.setLoginTimeout((int) Math.max(1, timeout.toSeconds()));
    StringBuilder lines = new StringBuilder();
    int rows = 0;
    try (Connection c = DriverManager.getConnection(url, params.path("username").asString(null), password)) {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.setMaxRows(rowLimit);
        st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
        st.setFetchSize(500);
        try (ResultSet rs = st.executeQuery(query)) {
          while (rs.next()) {
            ObjectNode record = record(rs, textColumns, metadataColumns, idColumn);
            if (record != null) {
              lines.append(json.writeValueAsString(record)).append('\n');
              rows++;
            }
          }
        }
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new DocumentRejected("query_failed", "the database refused the import: " + e.getMessage());
    }
    if (rows == 0) {
      throw new DocumentRejected("empty", "the query returned no rows with text");
    }
    String name = "jdbc-" + Integer.toHexString((url + "|" + query).hashCode()) + ".jsonl";
    return new Imports.Source(name, lines.toString().getBytes(StandardCharsets.UTF_8),
        url.replaceAll("password=[^&;]*", "password=***") + " · " + query);
  }

  private ObjectNode record(ResultSet rs, List<String> textColumns, List<String> metadataColumns, String idColumn)
      throws SQLException {
    List<String> parts = new ArrayList<>();
    for (String column : textColumns) {
      String value = column(rs, column);
      if (value != null && !value.isBlank()) {
        parts.add(textColumns.size() == 1 ? value.strip() : column + "：" + value.strip());
      }
    }
    if (parts.isEmpty()) {
      return null;
    }
    ObjectNode record = json.createObjectNode();
    if (idColumn != null) {
      record.put("id", column(rs, idColumn));
    }
    record.put("text", String.join("\n", parts));
    ObjectNode metadata = record.putObject("metadata");
    for (String column : metadataColumns) {
      String value = column(rs, column);
      if (value != null) {
        metadata.put(column, value);
      }
    }
    return record;
  }

  private static String column(ResultSet rs, String name) throws SQLException {
    try {
      return rs.getString(name);
    } catch (SQLException e) {
      throw new DocumentRejected("query_failed", "the query has no column '" + name + "'");
    }
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asString()));
    return out;
  }
}
