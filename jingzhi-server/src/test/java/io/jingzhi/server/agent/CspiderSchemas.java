package io.jingzhi.server.agent;

import io.jingzhi.server.support.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CSpider development set (shared/data/nl2sql/cspider: XSemPLR mspider dev, CC BY-SA 4.0): its SQLite DDL
 * turned into MariaDB or PostgreSQL statements (names lower-cased, TEXT as VARCHAR(255), NUMERIC as double,
 * foreign keys added afterwards when both sides have one type) and its questions. The set has schemas only, no rows.
 * (The benchmark's loader, io.jingzhi.bench.agent.CspiderLoader, does the same for all schemas.)
 */
final class CspiderSchemas {

  private static final Pattern TABLE = Pattern.compile("(?is)CREATE TABLE \"([^\"]+)\" \\((.*?)\\);");
  private static final Pattern COLUMN = Pattern.compile("(?i)^\"([^\"]+)\"\\s+(\\w+)(\\s+PRIMARY KEY)?$");
  private static final Pattern FOREIGN = Pattern.compile(
      "(?i)^FOREIGN KEY \\(\"([^\"]+)\"\\) REFERENCES \"([^\"]+)\"\\(\"([^\"]+)\"\\)$");

  private CspiderSchemas() {}

  /** One question: its schema, the Chinese and English texts and the gold SQL. */
  record Question(String id, String dbId, String zh, String en, String gold) {}

  static Path directory() {
    String configured = System.getenv("CSPIDER_DIR");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data/nl2sql/cspider");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    // the copy among the test resources (same files, CC BY-SA 4.0), for a clone without the shared data beside it
    var copy = CspiderSchemas.class.getResource("/datasets/cspider/questions.jsonl");
    if (copy != null && "file".equals(copy.getProtocol())) {
      try {
        return Path.of(copy.toURI()).getParent();
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    String message = "the CSpider set (shared/data/nl2sql/cspider) is not beside the repository";
    if (Services.required()) {
      throw new AssertionError(message);
    }
    Assumptions.abort(message);
    return null;
  }

  static List<Question> questions(String dbId) {
    List<Question> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(directory().resolve("questions.jsonl"), StandardCharsets.UTF_8)) {
        JsonNode q = JsonMapper.builder().build().readTree(line);
        if (q.get("db_id").asString().equals(dbId)) {
          out.add(new Question(q.get("id").asString(), dbId, q.get("question_zh").asString(),
              q.get("question_en").asString(), q.get("gold_sql").asString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The statements that create one schema's tables, then its foreign keys, for {@code mariadb} or {@code postgresql}. */
  static List<String> ddl(String dbId, String dialect) {
    String sqlite;
    try {
      sqlite = Files.readString(directory().resolve("ddl").resolve(dbId + ".sql"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean maria = dialect.equals("mariadb");
    List<String> creates = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    Map<String, Map<String, String>> types = new LinkedHashMap<>();
    Map<String, String> primaryKeys = new LinkedHashMap<>();
    List<String[]> foreign = new ArrayList<>();
    Matcher t = TABLE.matcher(sqlite);
    while (t.find()) {
      String table = t.group(1).toLowerCase(Locale.ROOT);
      Map<String, String> columns = new LinkedHashMap<>();
      List<String> defs = new ArrayList<>();
      for (String raw : t.group(2).split(",\\s*\\n")) {
        String line = raw.strip();
        Matcher c = COLUMN.matcher(line);
        Matcher f = FOREIGN.matcher(line);
        if (c.matches()) {
          String name = c.group(1).toLowerCase(Locale.ROOT);
          String type = c.group(2).equalsIgnoreCase("TEXT") ? "VARCHAR(255)" : maria ? "DOUBLE" : "DOUBLE PRECISION";
          columns.put(name, type);
          defs.add(name + " " + type + (c.group(3) != null ? " PRIMARY KEY" : ""));
          if (c.group(3) != null) {
            primaryKeys.put(table, name);
          }
        } else if (f.matches()) {
          foreign.add(new String[] {table, f.group(1).toLowerCase(Locale.ROOT), f.group(2).toLowerCase(Locale.ROOT),
              f.group(3).toLowerCase(Locale.ROOT)});
        }
      }
      types.put(table, columns);
      creates.add("CREATE TABLE " + table + " (" + String.join(", ", defs) + ")"
          + (maria ? " CHARACTER SET utf8mb4" : ""));
    }
    for (String[] fk : foreign) {
      String from = types.getOrDefault(fk[0], Map.of()).get(fk[1]);
      String to = types.getOrDefault(fk[2], Map.of()).get(fk[3]);
      if (from != null && from.equals(to) && fk[3].equals(primaryKeys.get(fk[2]))) {
        keys.add("ALTER TABLE " + fk[0] + " ADD FOREIGN KEY (" + fk[1] + ") REFERENCES " + fk[2] + " (" + fk[3] + ")");
      }
    }
    List<String> all = new ArrayList<>(creates);
    all.addAll(keys);
    return all;
  }
}
