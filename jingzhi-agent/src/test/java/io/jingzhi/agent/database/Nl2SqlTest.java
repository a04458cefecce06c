package io.jingzhi.agent.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.gateway.api.ChatReply;
import io.jingzhi.gateway.api.ChatRequest;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Nl2SqlTest {

  private static final Caller CALLER = new Caller(1, "u", "u", 1, 1, Set.of(), Set.of(), Caller.AuthType.USER, null,
      null, null, "127.0.0.1", false);

  /** Answers scripted replies in order and keeps the requests. */
  private static final class Scripted implements ModelClient {
    final Deque<String> replies;
    final List<ChatRequest> requests = new ArrayList<>();

    Scripted(String... replies) {
      this.replies = new java.util.ArrayDeque<>(List.of(replies));
    }

    @Override
    public List<float[]> embed(Caller caller, String model, List<String> texts) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Double> rerank(Caller caller, String model, String query, List<String> documents) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChatReply chat(Caller caller, ChatRequest request) {
      requests.add(request);
      return new ChatReply(replies.pop(), "stop", request.model(), 100, 20);
    }
  }

  private static DbSchema schema() {
    var singer = new DbSchema.Table("singer", "table", "歌手", List.of(
        new DbSchema.Column("name", "TEXT", true, "姓名", List.of()),
        new DbSchema.Column("age", "NUMERIC", true, null, List.of())), List.of("name"), List.of());
    return new DbSchema("test", List.of(singer), false);
  }

  private static Nl2Sql.Question question() {
    return new Nl2Sql.Question("最年轻的歌手是谁？", "m", DbKind.POSTGRESQL, schema(), 100, List.of(), true);
  }

  private static QueryResult result(String sql) {
    return new QueryResult(sql, List.of(new QueryResult.Column("name", "VARCHAR")), List.of(), false, 1);
  }

  @Test
  void extractsSqlFromFencesOrPlainText() {
    assertThat(Nl2Sql.extractSql("查询如下：\n```sql\nSELECT name FROM singer ORDER BY age LIMIT 1;\n```\n按年龄排序。"))
        .isEqualTo("SELECT name FROM singer ORDER BY age LIMIT 1;");
    assertThat(Nl2Sql.extractSql("SELECT name FROM singer;\n这条查询列出歌手。")).isEqualTo("SELECT name FROM singer;");
    assertThat(Nl2Sql.extractSql("```\nwith t as (select 1) select * from t\n```")).startsWith("with t as");
    assertThat(Nl2Sql.extractSql("我不知道。")).isNull();
  }

  @Test
  void promptsWithDialectRulesAndLinkedSchema() {
    var model = new Scripted("```sql\nSELECT name FROM singer ORDER BY age LIMIT 1\n```\n按年龄升序取第一位。");
    var answer = Nl2Sql.ask(model, CALLER, question(), Nl2SqlTest::result);
    assertThat(answer.sql()).isEqualTo("SELECT name FROM singer ORDER BY age LIMIT 1");
    assertThat(answer.explanation()).isEqualTo("按年龄升序取第一位。");
    assertThat(answer.attempts()).isEqualTo(1);
    assertThat(answer.usage().totalTokens()).isEqualTo(120);
    var messages = model.requests.getFirst().messages();
    assertThat(messages.getFirst().content()).contains("PostgreSQL").contains("LIMIT 100").contains("只写一条 SELECT");
    assertThat(messages.get(1).content()).contains("CREATE TABLE singer").contains("问题：最年轻的歌手是谁？");
  }

  @Test
  void aFailingStatementGetsOneRepairRoundWithTheError() {
    var model = new Scripted("```sql\nSELECT nam FROM singer\n```", "```sql\nSELECT name FROM singer\n```");
    var answer = Nl2Sql.ask(model, CALLER, question(), sql -> {
      if (sql.contains("nam ")) {
        throw new NodeFailure("database.query_failed", "column \"nam\" does not exist", false);
      }
      return result(sql);
    });
    assertThat(answer.sql()).isEqualTo("SELECT name FROM singer");
    assertThat(answer.attempts()).isEqualTo(2);
    var repair = model.requests.get(1).messages();
    assertThat(repair.get(repair.size() - 2).role()).isEqualTo("assistant");
    assertThat(repair.getLast().content()).contains("column \"nam\" does not exist");
  }

  @Test
  void aWriteIsRefusedAfterTheRepairRound() {
    var model = new Scripted("DELETE FROM singer", "```sql\nDROP TABLE singer\n```");
    assertThatThrownBy(() -> Nl2Sql.ask(model, CALLER, question(), Nl2SqlTest::result))
        .isInstanceOf(NodeFailure.class).extracting(e -> ((NodeFailure) e).code())
        .isEqualTo(ReadOnlySql.REFUSED);
    assertThat(model.requests).hasSize(2);
  }
}
