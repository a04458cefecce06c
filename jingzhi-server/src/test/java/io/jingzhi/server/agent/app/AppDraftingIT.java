package io.jingzhi.server.agent.app;

import static io.jingzhi.server.support.Problems.assertProblem;
import static io.jingzhi.server.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.ServerIT;
import io.jingzhi.simulator.Simulator;
import io.jingzhi.simulator.SimulatorConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drafting an app from a description through the gateway, against the project's model simulator. The simulator
 * answers generated words, not a design: only the plumbing is tested — two model calls (the proposal and one
 * repair), metered under the caller, and a clear {@code valid: false} with the reason instead of a failure.
 */
class AppDraftingIT extends ServerIT {

  static Simulator sim;

  @BeforeAll
  static void startSimulator() throws Exception {
    sim = Simulator.start(new SimulatorConfig(5, 1, 8, 0, 0, true, true, 16, List.of("draft-chat")), 0);
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @Test
  void aProposalThatIsNoDesignIsAnsweredInvalidAfterOneRepair() throws Exception {
    var model = api.post("/api/v1/models", adminToken(), map("name", "draft-chat", "kind", "chat", "simulated", true,
        "endpoints", List.of(map("url", sim.baseUrl()))));
    assertThat(model.status()).as(model.toString()).isEqualTo(201);
    var tenant = fx.tenant("draft");
    String dev = fx.login(tenant.devName());

    var res = api.post("/api/v1/apps/draft", dev, map("description", "一个回答社保政策问题的助手，引用人社政策知识库",
        "model", "draft-chat"));
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    assertThat(res.json().get("valid").asBoolean()).isFalse();
    assertThat(res.json().get("attempts").asInt()).as("one repair").isEqualTo(2);
    assertThat(res.json().get("errors").get(0).get("field").asString()).isEqualTo("proposal");
    assertThat(res.json().get("errors").get(0).get("message").asString()).contains("JSON");
    long calls = 0;
    long deadline = System.currentTimeMillis() + 10_000;
    while (calls < 2 && System.currentTimeMillis() < deadline) {
      calls = jdbc.sql("select count(*) from gw_usage where model = 'draft-chat' and user_id = :u")
          .param("u", tenant.devId()).query(Long.class).single();
      Thread.sleep(100);
    }
    assertThat(calls).as("both calls metered under the builder").isEqualTo(2);
    assertThat(jdbc.sql("select count(*) from agent_apps").query(Long.class).single()).as("nothing saved").isZero();

    assertThat(fields(assertProblem(api.post("/api/v1/apps/draft", dev, map("description", "x")), 400,
        "validation_failed"))).containsExactly("model");
    assertThat(fields(assertProblem(api.post("/api/v1/apps/draft", dev, map("model", "draft-chat")), 400,
        "validation_failed"))).containsExactly("description");
    assertProblem(api.post("/api/v1/apps/draft", dev, map("description", "x", "model", "no-such-model")), 404,
        "model_call.model_not_found");
    String reviewerName = io.jingzhi.server.support.IamFixtures.unique("rv");
    fx.createUser(fx.login(tenant.adminName()), reviewerName, tenant.orgId(), "reviewer");
    assertProblem(api.post("/api/v1/apps/draft", fx.login(reviewerName), map("description", "x", "model",
        "draft-chat")), 403, "permission_denied");
  }
}
