package io.jingzhi.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.gateway.OpenAiSdkIT;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/**
 * Apps as models {@code app/<code>} on the OpenAI-compatible API, over the scripted engine ({@link ScriptedAgent}):
 * listing, completions with and without streaming, errors, and the official OpenAI Node SDK.
 */
@Import(ScriptedAgent.class)
class AppModelsIT extends ServerIT {

  private static final tools.jackson.databind.json.JsonMapper JSON = RunFixtures.JSON;
  private static Tenant tenant;
  private static Tenant other;
  private static int tenantsPort;

  @BeforeEach
  void tenants() {
    if (tenant == null || tenantsPort != port) {
      tenant = fx.tenant("appmodels");
      other = fx.tenant("appmodels-other");
      tenantsPort = port;
    }
  }

  @Test
  void appsAreModelsOnTheOpenAiApi() {
    String code = RunFixtures.echo(tenant);
    String key = RunFixtures.key(api, fx, tenant);
    var models = api.get("/v1/models", key).json().get("data");
    assertThat(models.valueStream().filter(m -> m.get("id").asString().equals("app/" + code))
        .map(m -> m.get("owned_by").asString())).containsExactly("jingzhi-app");
    assertThat(api.get("/v1/models", RunFixtures.key(api, fx, other)).body()).doesNotContain("app/" + code);

    var plain = api.post("/v1/chat/completions", key, map("model", "app/" + code, "messages", List.of(
        map("role", "user", "content", "早"), map("role", "assistant", "content", "早上好"),
        map("role", "user", "content", "今天办什么"))));
    assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
    var body = plain.json();
    assertThat(body.get("object").asString()).isEqualTo("chat.completion");
    assertThat(body.get("id").asString()).startsWith("chatcmpl-run-");
    assertThat(body.get("choices").get(0).get("message").get("content").asString())
        .isEqualTo("你问:今天办什么 历史1 轮1");
    assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(8);
    long runId = Long.parseLong(body.get("id").asString().substring("chatcmpl-run-".length()));
    assertThat(api.get("/api/v1/runs/" + runId, key).json().get("source").asString()).isEqualTo("openai");

    var streamed = api.post("/v1/chat/completions", key, map("model", "app/" + code, "stream", true,
        "stream_options", map("include_usage", true), "messages", List.of(map("role", "user", "content", "流"))));
    assertThat(streamed.status()).isEqualTo(200);
    List<String> data = streamed.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertThat(data.getLast()).isEqualTo("[DONE]");
    var chunks = data.subList(0, data.size() - 1).stream().map(JSON::readTree).toList();
    assertThat(chunks.getFirst().get("choices").get(0).get("delta").get("role").asString()).isEqualTo("assistant");
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> {
      if (c.get("choices").size() > 0 && c.get("choices").get(0).get("delta").has("content")) {
        text.append(c.get("choices").get(0).get("delta").get("content").asString());
      }
    });
    assertThat(text.toString()).isEqualTo("你问:流 历史0 轮1");
    assertThat(chunks.get(chunks.size() - 2).get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
    assertThat(chunks.getLast().get("usage").get("total_tokens").asInt()).isEqualTo(8);
    assertThat(chunks.stream().map(c -> c.get("id").asString()).distinct()).hasSize(1);

    var unknown = api.post("/v1/chat/completions", key, map("model", "app/nope", "messages", List.of(map("role",
        "user", "content", "x"))));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").get("code").asString()).isEqualTo("model_not_found");
    var foreign = api.post("/v1/chat/completions", RunFixtures.key(api, fx, other), map("model", "app/" + code, "messages",
        List.of(map("role", "user", "content", "x"))));
    assertThat(foreign.status()).isEqualTo(404);
  }


  @Test
  void aQuietRunKeepsItsStreamAliveAndAClientThatLeavesCancelsIt() throws Exception {
    String code = RunFixtures.app(tenant, RunFixtures.node("start", "start", "{}"),
        RunFixtures.node("think", "slow", "{}"));
    String key = RunFixtures.key(api, fx, tenant);
    byte[] body = JSON.writeValueAsBytes(map("model", "app/" + code, "stream", true,
        "messages", List.of(map("role", "user", "content", "慢慢想"))));
    long runId;
    try (java.net.Socket client = new java.net.Socket("127.0.0.1", port)) {
      client.setSoTimeout(15_000);
      var out = client.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      StringBuilder seen = new StringBuilder();
      var in = client.getInputStream();
      byte[] buffer = new byte[4096];
      while (!seen.toString().contains(": keep-alive")) {
        int n = in.read(buffer);
        assertThat(n).as("the stream so far: %s", seen).isPositive();
        seen.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
      }
      var id = java.util.regex.Pattern.compile("chatcmpl-run-(\\d+)").matcher(seen);
      assertThat(id.find()).as(seen.toString()).isTrue();
      runId = Long.parseLong(id.group(1));
    } // the client leaves while the run still thinks
    String status = null;
    long deadline = System.currentTimeMillis() + 15_000;
    while (!"cancelled".equals(status) && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      status = api.get("/api/v1/runs/" + runId, key).json().get("status").asString();
    }
    assertThat(status).as("found gone at a keep-alive, not left thinking for ever").isEqualTo("cancelled");
  }

  @Test
  void theOfficialOpenAiSdkUsesAnAppAsAModel() throws Exception {
    OpenAiSdkIT.requireNode();
    String code = RunFixtures.echo(tenant);
    var sdk = OpenAiSdkIT.runSdk("openai-sdk-app.test.mjs", Map.of("BASE_URL", "http://127.0.0.1:" + port + "/v1",
        "API_KEY", RunFixtures.key(api, fx, tenant), "MODEL", "app/" + code, "EXPECTED", "你问:SDK 历史0 轮1"));
    assertThat(sdk.exit()).as("node --test openai-sdk-app.test.mjs:%n%s", sdk.output()).isZero();
    assertThat(sdk.output()).contains("# fail 0");
  }
}
