package io.jingzhi.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import org.junit.jupiter.api.Test;

/** What operators and the portal's API client rely on: probes, metrics and the OpenAPI document. */
class OperationsIT extends ServerIT {

  @Test
  void healthProbesAreUpWithoutSigningIn() {
    for (String path : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
      var res = api.get(path, null);
      assertThat(res.status()).as(path).isEqualTo(200);
      assertThat(res.text("status")).as(path).isEqualTo("UP");
    }
    assertThat(api.get("/actuator/health", null).body()).as("no details for the anonymous").doesNotContain("db");
  }

  @Test
  void prometheusExposesHttpServerRequestMetrics() {
    api.get("/api/v1/auth/providers", null);
    var res = api.get("/actuator/prometheus", null);
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.header("Content-Type")).contains("text/plain");
    assertThat(res.body()).contains("http_server_requests_seconds_count")
        .contains("uri=\"/api/v1/auth/providers\"").contains("application=\"jingzhi\"");
  }

  @Test
  void theOpenApiDocumentListsThePlatformApi() {
    // springdoc builds the document on the first request: ~20 s for ~180 operations on a busy 2-core machine
    var res = api.get("/v3/api-docs", null, java.time.Duration.ofSeconds(180));
    assertThat(res.status()).isEqualTo(200);
    var paths = res.json().get("paths");
    assertThat(paths.has("/api/v1/orgs")).isTrue();
    assertThat(paths.get("/api/v1/orgs").has("get")).isTrue();
    assertThat(paths.get("/api/v1/orgs").has("post")).isTrue();
    assertThat(paths.has("/api/v1/projects/{projectId}/apps/{appId}/keys")).isTrue();
    var createOrg = res.json().get("components").get("schemas").get("CreateOrg");
    assertThat(createOrg.get("properties").propertyNames()).as("the JSON names the API really uses")
        .containsExactlyInAnyOrder("code", "name", "parent_id", "tenant");
    assertThat(createOrg.get("required").valueStream().map(r -> r.asString())).contains("parent_id");
    var user = res.json().get("components").get("schemas").get("UserView").get("properties");
    assertThat(user.has("display_name")).isTrue();
    assertThat(user.has("displayName")).isFalse();
  }

  @Test
  void thePortalIsServedWithoutSigningInButTheApiIsNot() {
    assertThat(api.get("/api/v1/auth/providers", null).json().get("local").asBoolean()).isTrue();
    assertThat(api.get("/api/v1/me", null).status()).isEqualTo(401);
  }
}
