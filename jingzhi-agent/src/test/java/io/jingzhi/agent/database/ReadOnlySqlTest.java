package io.jingzhi.agent.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.engine.NodeFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReadOnlySqlTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "select name, age from singer order by age desc limit 5",
      "SELECT count(*) FROM concert c JOIN stadium s ON c.stadium_id = s.stadium_id WHERE s.capacity > 5000;",
      "with t as (select country, count(*) n from singer group by country) select * from t where n > 1",
      "select name from singer where name = ? and age > ?",
      "select update_time, created_by from audit_rows",
      "select 'insert into x values (1)' as text_that_mentions_writes",
      "select name from singer union select name from stadium"})
  void acceptsReads(String sql) {
    assertThat(ReadOnlySql.check(sql, true)).doesNotEndWith(";");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "insert into singer (name) values ('x')",
      "update singer set age = 1",
      "delete from singer",
      "drop table singer",
      "create table x (a int)",
      "alter table singer add column x int",
      "truncate table singer",
      "select 1; delete from singer",
      "select 1; select 2",
      "select * into backup from singer",
      "select * from singer for update",
      "with gone as (delete from singer returning *) select * from gone",
      "select pg_read_file('/etc/passwd')",
      "select pg_read_file /* hidden */ ('/etc/passwd')",
      "select lo_import('/etc/passwd')",
      "select load_file('/etc/passwd')",
      "select * from dblink('host=evil', 'select 1') as t(a int)",
      "select * from singer into outfile '/tmp/x'",
      "grant all on singer to public",
      "delete from singer where ("})
  void refusesWritesAndFileAccess(String sql) {
    assertThatThrownBy(() -> ReadOnlySql.check(sql, true)).isInstanceOf(NodeFailure.class)
        .satisfies(e -> {
          assertThat(((NodeFailure) e).code()).isEqualTo(ReadOnlySql.REFUSED);
          assertThat(((NodeFailure) e).retryable()).isFalse();
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"not sql at all", "selec * frm singer", "   "})
  void unreadableSqlThatNamesNoWriteIsAMistakeToCorrect(String sql) {
    assertThatThrownBy(() -> ReadOnlySql.check(sql, true)).isInstanceOf(NodeFailure.class)
        .satisfies(e -> assertThat(((NodeFailure) e).code()).isEqualTo(ReadOnlySql.INVALID));
  }

  @Test
  void writableConnectionsStillRunOneStatementAndNoFileFunctions() {
    assertThat(ReadOnlySql.check("update singer set age = age + 1 where singer_id = ?", false))
        .startsWith("update");
    assertThatThrownBy(() -> ReadOnlySql.check("update singer set age = 1; drop table singer", false))
        .hasMessageContaining("exactly one statement");
    assertThatThrownBy(() -> ReadOnlySql.check("select pg_read_file('/etc/passwd')", false))
        .hasMessageContaining("pg_read_file");
  }

  @Test
  void namesWhatItRefused() {
    assertThatThrownBy(() -> ReadOnlySql.check("delete from singer", true)).hasMessageContaining("only a SELECT");
    assertThatThrownBy(() -> ReadOnlySql.check("", true)).hasMessageContaining("empty");
  }
}
