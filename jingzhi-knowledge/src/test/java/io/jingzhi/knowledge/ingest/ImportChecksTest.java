package io.jingzhi.knowledge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImportChecksTest {

  @Test
  void onlyOneSelectOnANetworkDatabaseIsAccepted() {
    List<String> cols = List.of("text");
    assertThat(JdbcRows.problem("jdbc:postgresql://db/x", "select a from t", cols)).isNull();
    assertThat(JdbcRows.problem("jdbc:mariadb://db/x", "  WITH q AS (select 1 a) select a from q;", cols)).isNull();
    assertThat(JdbcRows.problem("jdbc:h2:mem:x", "select 1", cols)).startsWith("jdbc_url");
    assertThat(JdbcRows.problem("jdbc:h2:file:/etc/x;INIT=RUNSCRIPT FROM 'x'", "select 1", cols))
        .startsWith("jdbc_url");
    assertThat(JdbcRows.problem("jdbc:postgresql://db/x", "delete from t", cols)).startsWith("query");
    assertThat(JdbcRows.problem("jdbc:postgresql://db/x", "select 1; drop table t", cols)).startsWith("query");
    assertThat(JdbcRows.problem("jdbc:postgresql://db/x", "select 1", List.of())).startsWith("text_columns");
  }

  @Test
  void onlyHttpUrlsWithAHostAreFetched() {
    assertThat(UrlFetcher.problem("https://www.example.gov.cn/zcwj/1.html")).isNull();
    assertThat(UrlFetcher.problem("file:///etc/passwd")).isNotNull();
    assertThat(UrlFetcher.problem("ftp://x/y")).isNotNull();
    assertThat(UrlFetcher.problem("http:///nohost")).isNotNull();
    assertThat(UrlFetcher.problem("not a url")).isNotNull();
  }

  @Test
  void uploadedNamesLoseTheirPaths() {
    assertThat(Uploads.cleanName("C:\\Users\\王\\政策.docx")).isEqualTo("政策.docx");
    assertThat(Uploads.cleanName("../../etc/passwd")).isEqualTo("passwd");
    assertThat(Uploads.cleanName("  ")).isEqualTo("unnamed");
    assertThat(Uploads.cleanName("a\u0000b.txt")).isEqualTo("ab.txt");
  }
}
