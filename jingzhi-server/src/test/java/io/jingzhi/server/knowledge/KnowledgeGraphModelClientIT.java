package io.jingzhi.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.gateway.api.ChatRequest;
import io.jingzhi.gateway.api.ModelCallFailed;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code ModelClient.chat}, which graph extraction uses, against the project's simulator: the call takes the
 * gateway's non-streaming path, is metered under the caller, and is refused like {@code /v1} when not allowed.
 * Only the plumbing is tested: the simulator's answer is generated text.
 */
class KnowledgeGraphModelClientIT extends ServerIT {

  static Simulator sim;

  @Autowired
  ModelClient models;

  @BeforeAll
  static void startSimulator() throws Exception {
    sim = Simulator.start(new SimulatorConfig(5, 1, 8, 0, 0, true, true, 16, List.of("kg-chat")), 0);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  private Caller user(long userId, long tenantId, Set<String> permissions) {
    return new Caller(userId, "kg-user", "图谱用户", tenantId, tenantId, Set.of("developer"), permissions,
        Caller.AuthType.USER, null, null, null, "127.0.0.1", false);
  }

  @Test
  void chatsThroughTheGatewayAndIsMeteredUnderTheCaller() throws Exception {
    String admin = adminToken();
    var model = api.post("/api/v1/models", admin, map("name", "kg-chat", "kind", "chat", "simulated", true,
        "endpoints", List.of(map("url", sim.baseUrl()))));
    assertThat(model.status()).as(model.toString()).isEqualTo(201);
    var tenant = fx.tenant("kg-chat");
    Caller caller = user(tenant.devId(), tenant.orgId(), Set.of(Permissions.MODEL_INVOKE, Permissions.KB_WRITE));

    var reply = models.chat(caller, new ChatRequest("kg-chat", List.of(new ChatRequest.Message("system", "抽取实体"),
        new ChatRequest.Message("user", "京州市人民政府办公厅印发的通知")), 0.0, 100, true));
    assertThat(reply.content()).isNotBlank();
    assertThat(reply.completionTokens()).isEqualTo(8);
    assertThat(reply.finishReason()).isNotBlank();
    long deadline = System.currentTimeMillis() + 10_000;
    long metered = 0;
    while (metered == 0 && System.currentTimeMillis() < deadline) {
      metered = jdbc.sql("select count(*) from gw_usage where model = 'kg-chat' and user_id = :u")
          .param("u", tenant.devId()).query(Long.class).single();
      Thread.sleep(100);
    }
    assertThat(metered).as("metered under the caller").isEqualTo(1);

    assertThatThrownBy(() -> models.chat(caller, new ChatRequest("no-such-chat", List.of(
        new ChatRequest.Message("user", "x")), null, null, false))).isInstanceOf(ModelCallFailed.class)
        .extracting(e -> ((ModelCallFailed) e).code()).isEqualTo("model_call.model_not_found");
    assertThatThrownBy(() -> models.chat(user(tenant.devId(), tenant.orgId(), Set.of(Permissions.KB_WRITE)),
        new ChatRequest("kg-chat", List.of(new ChatRequest.Message("user", "x")), null, null, false)))
        .isInstanceOf(ModelCallFailed.class).extracting(e -> ((ModelCallFailed) e).status().value()).isEqualTo(403);
  }
}
