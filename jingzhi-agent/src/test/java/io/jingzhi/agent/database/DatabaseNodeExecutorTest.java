package io.jingzhi.agent.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.testing.FakeNodeContext;
import io.jingzhi.agent.testing.RecordingValidation;
import io.jingzhi.common.crypto.SecretBox;
import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database node against a real H2 file database under a data directory, through the real pools, checks and
 * runner; the connection lookup and the model are stand-ins. The shared {@link FakeNodeContext} plays the engine.
 */
class DatabaseNodeExecutorTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Caller CALLER = new Caller(7, "dev", "dev", 1, 1, Set.of("developer"), Set.of(),
      Caller.AuthType.USER, null, null, null, "127.0.0.1", false);

  @TempDir
  Path dataDir;

  private ConnectionPools pools;
  private DatabaseNodeExecutor executor;
  private ModelClient models;
  private String url;

  @BeforeEach
  void setUp() throws Exception {
    url = "jdbc:h2:file:" + dataDir.resolve("demo/stats") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    Files.createDirectories(dataDir.resolve("demo"));
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      c.createStatement().execute("create table singer (singer_id int primary key, name varchar(50),"
          + " country varchar(50), age int)");
      c.createStatement().execute("comment on table singer is '歌手'");
      c.createStatement().execute("insert into singer values (1, '张三', '中国', 30), (2, '李四', '中国', 25),"
          + " (3, 'Tom', 'USA', 41), (4, 'Anna', 'Sweden', 33), (5, '王五', '中国', 52)");
    }
    var connection = new DbConnection(1, "stats", null, 1, "p", 1, 1, "h2", url, "sa", false, true, 7,
        Instant.now(), Instant.now());
    assertThat(JdbcUrls.problem(DbKind.H2, url, dataDir)).isNull();
    DbConnectionRepository repository = mock(DbConnectionRepository.class);
    when(repository.sealedPassword(anyLong())).thenReturn(Optional.empty());
    DbConnectionService connections = mock(DbConnectionService.class);
    when(connections.resolve(any(), eq("stats"))).thenReturn(connection);
    when(connections.resolve(any(), eq("missing"))).thenThrow(io.jingzhi.common.error.ApiException.notFound(
        "db_connection", "missing"));
    pools = new ConnectionPools(new DriverJars(dataDir), new SecretBox(new byte[32]), repository);
    models = mock(ModelClient.class);
    var properties = new AgentProperties(null, null, null, new AgentProperties.Database(3, Duration.ofSeconds(10)),
        null, null);
    var queries = new DatabaseQueries(new QueryRunner(pools), new SchemaReader(pools, Clock.systemUTC()), models,
        properties);
    executor = new DatabaseNodeExecutor(connections, queries);
  }

  @AfterEach
  void closePools() {
    pools.destroy();
  }

  @Test
  void referencesAreBoundAsDataNeverAsSql() throws Exception {
    var config = Map.of("connection", "stats", "sql",
        "select name, age from singer where name = {{start.name}} order by age");
    var injected = executor.execute(context(config, Map.of("start.name", "'; DROP TABLE singer; --")));
    assertThat(injected.outputs().get("row_count")).isEqualTo(0);
    assertThat(injected.outputs().get("sql")).isEqualTo("select name, age from singer where name = ? order by age");
    var found = executor.execute(context(config, Map.of("start.name", "张三")));
    assertThat(found.outputs().get("rows")).isEqualTo(List.of(Map.of("name", "张三", "age", 30)));
    var count = executor.execute(context(Map.of("connection", "stats", "sql", "select count(*) as n from singer"),
        Map.of()));
    assertThat(count.outputs().get("rows")).as("the table survived").isEqualTo(List.of(Map.of("n", 5L)));
  }

  @Test
  void rowsAreCappedAndMarkedTruncatedWithChartAndMarkdown() throws Exception {
    var result = executor.execute(context(Map.of("connection", "stats", "row_limit", 2,
        "sql", "select country, count(*) as singers from singer group by country order by singers desc"), Map.of()));
    assertThat(result.outputs()).containsOnlyKeys(DatabaseNodeExecutor.OUTPUTS.keySet());
    assertThat(result.outputs().get("row_count")).isEqualTo(2);
    assertThat(result.outputs().get("truncated")).isEqualTo(true);
    @SuppressWarnings("unchecked")
    var chart = (Map<String, Object>) result.outputs().get("chart");
    assertThat(chart.get("type")).isEqualTo("pie");
    assertThat(chart.get("x")).isEqualTo("country");
    assertThat((String) result.outputs().get("markdown")).startsWith("| country | singers |").contains("| 中国 | 3 |");
    assertThat(result.details()).containsEntry("connection", "stats").containsEntry("read_only", true);
    var all = executor.execute(context(Map.of("connection", "stats", "row_limit", 500,
        "sql", "select * from singer"), Map.of()));
    assertThat(all.outputs().get("row_count")).as("the module's row limit caps the node's").isEqualTo(3);
  }

  @Test
  void writesAreRefusedWithoutRetry() {
    for (String sql : List.of("delete from singer", "select 1; delete from singer",
        "with x as (delete from singer returning *) select * from x")) {
      assertThatThrownBy(() -> executor.execute(context(Map.of("connection", "stats", "sql", sql), Map.of())))
          .isInstanceOf(NodeFailure.class).satisfies(e -> {
            assertThat(((NodeFailure) e).code()).isEqualTo("database.read_only");
            assertThat(((NodeFailure) e).retryable()).isFalse();
          });
    }
  }

  @Test
  void anUnknownConnectionFailsTheNode() {
    assertThatThrownBy(() -> executor.execute(context(Map.of("connection", "missing", "sql", "select 1"),
        Map.of()))).isInstanceOf(NodeFailure.class).extracting(e -> ((NodeFailure) e).code())
        .isEqualTo("database.connection_not_found");
  }

  @Test
  void nl2sqlAsksTheModelWithTheSchemaAndRunsItsSql() throws Exception {
    when(models.chat(any(), any())).thenReturn(new ChatReply(
        "```sql\nSELECT name FROM singer ORDER BY age LIMIT 1\n```\n按年龄升序取最年轻的歌手。", "stop", "m", 50, 10));
    var result = executor.execute(context(Map.of("connection", "stats", "mode", "nl2sql",
        "question", "{{start.q}}", "model", "m"), Map.of("start.q", "最年轻的歌手是谁？")));
    assertThat(result.outputs().get("rows")).isEqualTo(List.of(Map.of("name", "李四")));
    assertThat(result.outputs().get("explanation")).isEqualTo("按年龄升序取最年轻的歌手。");
    assertThat(result.usage().totalTokens()).isEqualTo(60);
    assertThat(result.details().get("linked_tables")).isEqualTo(List.of("singer"));
  }

  @Test
  void validationNamesTheFields() {
    assertThat(errors(Map.of("sql", "select 1"))).containsKey("config.connection");
    assertThat(errors(Map.of("connection", "stats", "mode", "graphql"))).containsKey("config.mode");
    assertThat(errors(Map.of("connection", "stats", "sql", "select 1; drop table x"))).containsKey("config.sql");
    assertThat(errors(Map.of("connection", "stats", "mode", "nl2sql"))).containsKeys("config.question",
        "config.model");
    assertThat(errors(Map.of("connection", "stats", "sql", "select 1", "row_limit", 0)))
        .containsKey("config.row_limit");
    assertThat(errors(Map.of("connection", "stats", "sql", "select * from t where a = {{start.x}}"))).isEmpty();
    assertThat(executor.outputs(null)).containsEntry("rows", VarType.ARRAY_OBJECT).containsEntry("chart",
        VarType.OBJECT);
  }

  private Map<String, String> errors(Map<String, Object> config) {
    var validation = new RecordingValidation();
    executor.validate(new NodeSpec("db", "database", "查询", JSON.valueToTree(config), null, null), validation);
    return validation.errors;
  }

  /** The engine's part: a node {@code db} with the config, values by selector. */
  private static FakeNodeContext context(Map<String, ?> config, Map<String, ?> values) {
    return new FakeNodeContext(new NodeSpec("db", "database", "查询", JSON.valueToTree(config), null, null), values,
        CALLER);
  }
}
