package io.jingzhi.agent.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlTemplateTest {

  @Test
  void referencesBecomeParametersInOrder() {
    Map<String, Object> values = Map.of("start.name", "'; DROP TABLE singer; --", "start.age", 30);
    var bound = SqlTemplate.bind("select * from singer where name = {{start.name}} and age > {{ start.age }}",
        values::get);
    assertThat(bound.sql()).isEqualTo("select * from singer where name = ? and age > ?");
    assertThat(bound.parameters()).containsExactly("'; DROP TABLE singer; --", 30);
    assertThat(bound.selectors()).containsExactly("start.name", "start.age");
  }

  @Test
  void anAbsentValueBindsAsNull() {
    var bound = SqlTemplate.bind("select {{x.y}}", s -> null);
    assertThat(bound.parameters()).containsExactly(SqlTemplate.NullValue.INSTANCE);
  }

  @Test
  void aReferenceInsideQuotesIsRefused() {
    assertThatThrownBy(() -> SqlTemplate.bind("select * from t where name = '{{start.name}}'", s -> "x"))
        .hasMessageContaining("without quotes");
    assertThat(SqlTemplate.bind("select 'it''s' as a, {{v}} as b", s -> 1).sql())
        .isEqualTo("select 'it''s' as a, ? as b");
  }
}
