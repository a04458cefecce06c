package io.jingzhi.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.testing.FakeNodeContext;
import io.jingzhi.agent.testing.RecordingValidation;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class HttpNodeConfigTest {

  private final HttpNodeExecutor executor = new HttpNodeExecutor(
      new AgentProperties.Http(Duration.ofSeconds(5), DataSize.ofKilobytes(64), false));

  private RecordingValidation validate(String config) {
    var v = new RecordingValidation();
    executor.validate(new NodeSpec("h", "http", "h", FakeNodeContext.JSON.readTree(config), null, null), v);
    return v;
  }

  @Test
  void aGoodConfigHasNoProblems() {
    assertThat(validate("""
        {"method": "post", "url": "https://api.example.gov.cn/v1/items?x=1", "headers": {"X-A": "{{start.a}}"},
         "query": {"q": "{{start.q}}"}, "body": {"type": "json", "content": {"a": "{{start.a}}"}},
         "timeout_ms": 5000, "auth": {"type": "bearer", "token": "{{env.TOKEN}}"}}""").errors).isEmpty();
    assertThat(validate("{\"url\": \"{{env.API_BASE}}/items\"}").errors).isEmpty();
  }

  @Test
  void eachBadFieldIsNamed() {
    assertThat(validate("{}").errors).containsOnlyKeys("config.url");
    assertThat(validate("{\"url\": \"ftp://x\"}").errors).containsOnlyKeys("config.url");
    assertThat(validate("""
        {"method": "FETCH", "url": "http://x", "headers": [1], "query": 3, "body": {"type": "xml"},
         "timeout_ms": -1, "auth": {"type": "oauth"}}""").errors)
        .containsOnlyKeys("config.method", "config.headers", "config.query", "config.body.type", "config.timeout_ms",
            "config.auth.type");
    assertThat(validate("""
        {"url": "http://x", "body": {"type": "form", "content": "a=b"},
         "auth": {"type": "api_key", "name": "X-Key", "in": "cookie"}}""").errors)
        .containsOnlyKeys("config.body.content", "config.auth.value", "config.auth.in");
    assertThat(validate("{\"url\": \"http://x\", \"auth\": {\"type\": \"bearer\"}}").errors)
        .containsOnlyKeys("config.auth.token");
  }

  @Test
  void theRequestIsBuiltFromResolvedConfigAndSecretsAreMasked() {
    var ctx = new FakeNodeContext("http", """
        {"method": "post", "url": "https://api.example.gov.cn/items",
         "query": {"q": "{{start.q}}", "access_token": "{{env.QT}}"},
         "headers": {"X-Trace": "t-1", "X-Api-Key": "{{env.KEY}}"},
         "body": {"type": "json", "content": {"name": "{{start.q}}", "n": "{{start.n}}"}},
         "auth": {"type": "basic", "username": "u", "password": "{{env.PW}}"}}""",
        Map.of("start", Map.of("q", "社保 查询", "n", 3), "env", Map.of("QT", "qt-secret-1", "KEY", "key-secret-2",
            "PW", "pw-secret-3")), FakeNodeContext.user(1, 1));
    PreparedRequest r = PreparedRequest.of(ctx);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.uri().toString()).startsWith("https://api.example.gov.cn/items?q=")
        .contains("access_token=qt-secret-1");
    assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"社保 查询\",\"n\":3}");
    assertThat(r.headers()).containsEntry("Content-Type", "application/json; charset=utf-8")
        .containsKey("Authorization");
    assertThat(r.mask(r.uri().toString())).doesNotContain("qt-secret-1").contains(PreparedRequest.MASK);
    assertThat(r.maskedHeaders().toString()).doesNotContain("key-secret-2").doesNotContain("pw-secret-3")
        .doesNotContain(r.headers().get("Authorization").substring(6)).contains("t-1");
  }

  @Test
  void aUrlThatResolvesToNothingFailsClearly() {
    var ctx = new FakeNodeContext("http", "{\"url\": \"{{start.missing}}\"}", Map.of(), FakeNodeContext.user(1, 1));
    try {
      PreparedRequest.of(ctx);
      throw new AssertionError("expected a failure");
    } catch (NodeFailure e) {
      assertThat(e.code()).isEqualTo("http.invalid_request");
      assertThat(e.retryable()).isFalse();
    }
  }
}
