package io.jingzhi.server.guard;

import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.alert.SubjectBlocks;
import io.jingzhi.guard.api.Guard;
import io.jingzhi.guard.api.GuardAction;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.MutableClock;
import io.jingzhi.server.support.ServerIT;
import io.jingzhi.server.support.TestApi;
import io.jingzhi.server.support.TestClockConfiguration;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/** Alert rules: counted in memory, fire after N matching decisions, block the subject until lifted or expired. */
@Import(TestClockConfiguration.class)
class GuardAlertsIT extends ServerIT {

  static final String ATTACK = GuardEventsIT.ATTACK;
  static final String HARMLESS = "如何办理居住证？";

  @Autowired
  Guard guard;

  @Autowired
  SubjectBlocks blocks;

  @Autowired
  MutableClock clock;

  static Map<String, Object> blockRule(int threshold) {
    return map("name", "连续攻击封禁", "match_action", "block", "subject", "user", "threshold", threshold,
        "window_minutes", 10, "response", "block", "block_minutes", 30);
  }

  @Test
  void aRuleBlocksAUserAfterNBlockedPromptsUntilTheBlockIsLifted() throws Exception {
    Tenant a = fx.tenant("alert-a");
    String admin = fx.login(a.adminName());
    var created = api.post("/api/v1/guard/alert-rules", admin, blockRule(3));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(created.json().get("tenant_id").asLong()).isEqualTo(a.orgId());

    GuardSubject dev = GuardEventsIT.subject(a, a.devId(), a.devName());
    GuardSubject colleague = GuardEventsIT.subject(a, a.adminId(), a.adminName());
    assertThat(guard.check(dev, GuardRequest.input(HARMLESS, null)).action()).isEqualTo(GuardAction.ALLOW);
    for (int i = 0; i < 3; i++) {
      assertThat(guard.check(dev, GuardRequest.input(ATTACK, null)).action()).isEqualTo(GuardAction.BLOCK);
    }
    GuardVerdict held = guard.check(dev, GuardRequest.input(HARMLESS, null));
    assertThat(held.action()).as("the next harmless prompt of the blocked user").isEqualTo(GuardAction.BLOCK);
    assertThat(held.stops()).isTrue();
    assertThat(held.categories()).contains(SubjectBlocks.CATEGORY);
    assertThat(held.answer()).contains("暂时限制");
    assertThat(guard.check(colleague, GuardRequest.input(HARMLESS, null)).action())
        .as("other users of the tenant are not blocked").isEqualTo(GuardAction.ALLOW);

    JsonNode block = await(admin, "/api/v1/guard/blocks?active=true", items -> items.size() == 1).get(0);
    assertThat(block.get("subject").asString()).isEqualTo("user");
    assertThat(block.get("subject_value").asString()).isEqualTo(Long.toString(a.devId()));
    assertThat(block.get("subject_label").asString()).isEqualTo(a.devName());
    JsonNode alert = await(admin, "/api/v1/guard/alerts", items -> items.size() == 1).get(0);
    assertThat(alert.get("event_count").asInt()).isEqualTo(3);
    assertThat(alert.get("response").asString()).isEqualTo("block");
    assertThat(alert.get("block_id").asLong()).isEqualTo(block.get("id").asLong());
    // The held prompt is an event too, refused as a blocked subject (events are written within a second).
    await(admin, "/api/v1/guard/events?risk_type=" + SubjectBlocks.CATEGORY, items -> items.size() == 1);
    var profile = api.get("/api/v1/guard/users/" + a.devId() + "/risk-profile", admin).json();
    assertThat(profile.get("active_block").get("id").asLong()).isEqualTo(block.get("id").asLong());

    Tenant b = fx.tenant("alert-b");
    String bAdmin = fx.login(b.adminName());
    assertThat(api.get("/api/v1/guard/blocks", bAdmin).json().get("total").asLong()).isZero();
    assertThat(api.get("/api/v1/guard/alerts", bAdmin).json().get("total").asLong()).isZero();
    assertProblem(api.delete("/api/v1/guard/blocks/" + block.get("id").asLong(), bAdmin), 404,
        "guard_block.not_found");
    assertProblem(api.delete("/api/v1/guard/blocks/" + block.get("id").asLong(), fx.login(a.devName())), 403,
        "permission_denied");

    var ack = api.post("/api/v1/guard/alerts/" + alert.get("id").asLong() + "/acknowledge", admin, null);
    assertThat(ack.status()).as("%s", ack).isEqualTo(200);
    assertThat(ack.json().get("acknowledged_by").asString()).isEqualTo(a.adminName());
    assertProblem(api.post("/api/v1/guard/alerts/" + alert.get("id").asLong() + "/acknowledge", admin, null), 409,
        "guard_alert.acknowledged");

    var lifted = api.delete("/api/v1/guard/blocks/" + block.get("id").asLong(), admin);
    assertThat(lifted.status()).as("%s", lifted).isEqualTo(200);
    assertThat(lifted.json().get("lifted_by").asString()).isEqualTo(a.adminName());
    assertThat(guard.check(dev, GuardRequest.input(HARMLESS, null)).action()).isEqualTo(GuardAction.ALLOW);
    assertProblem(api.delete("/api/v1/guard/blocks/" + block.get("id").asLong(), admin), 409,
        "guard_block.not_active");
    assertThat(api.get("/api/v1/guard/blocks?active=true", admin).json().get("total").asLong()).isZero();
    assertThat(jdbc.sql("select result from iam_audit_events where action = 'guard.block.lift' order by id")
        .query(String.class).list()).as("the refused attempts are audited too")
        .containsExactly("failure", "failure", "success", "failure");
    assertThat(jdbc.sql("select count(*) from iam_audit_events where action = 'guard.block.create'"
        + " and target_id = :id").param("id", Long.toString(block.get("id").asLong())).query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void aNotifyOnlyRuleByIpRecordsAnAlertAndBlocksNothing() throws Exception {
    Tenant c = fx.tenant("alert-c");
    String admin = fx.login(c.adminName());
    var rule = api.post("/api/v1/guard/alert-rules", admin, map("name", "攻击告警", "match_risk_type",
        "prompt-attack", "subject", "ip", "threshold", 2, "window_minutes", 5, "response", "notify"));
    assertThat(rule.status()).as("%s", rule).isEqualTo(201);
    GuardSubject dev = GuardEventsIT.subject(c, c.devId(), c.devName());
    guard.check(dev, GuardRequest.input(ATTACK, null));
    guard.check(dev, GuardRequest.input(HARMLESS, null)); // not a match: does not count
    guard.check(dev, GuardRequest.input(ATTACK, null));
    JsonNode alert = await(admin, "/api/v1/guard/alerts?acknowledged=false", items -> items.size() == 1).get(0);
    assertThat(alert.get("subject").asString()).isEqualTo("ip");
    assertThat(alert.get("subject_value").asString()).isEqualTo("10.1.2.3");
    assertThat(alert.get("event_count").asInt()).isEqualTo(2);
    assertThat(alert.get("block_id").isNull()).isTrue();
    assertThat(guard.check(dev, GuardRequest.input(HARMLESS, null)).action()).isEqualTo(GuardAction.ALLOW);

    // Evaluation runs do not count: a set full of attacks must not fire rules. Fired alerts are stored in order by
    // one thread, so once the alert of the next real pair is visible, any alert of the eval checks would be too.
    GuardSubject eval = new GuardSubject(c.orgId(), c.orgId(), c.devId(), c.devName(), Set.of(), null, null, null,
        null, "10.9.9.9", "eval");
    for (int i = 0; i < 4; i++) {
      guard.check(eval, GuardRequest.input(ATTACK, null));
    }
    guard.check(dev, GuardRequest.input(ATTACK, null));
    guard.check(dev, GuardRequest.input(ATTACK, null));
    await(admin, "/api/v1/guard/alerts", items -> items.size() >= 2);
    assertThat(api.get("/api/v1/guard/alerts", admin).json().get("total").asLong()).isEqualTo(2);

    // A disabled rule does not count either: after re-enabling, one pair fires exactly one more alert.
    var disabled = api.patch("/api/v1/guard/alert-rules/" + rule.id(), admin, map("enabled", false));
    assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
    guard.check(dev, GuardRequest.input(ATTACK, null));
    guard.check(dev, GuardRequest.input(ATTACK, null));
    api.patch("/api/v1/guard/alert-rules/" + rule.id(), admin, map("enabled", true));
    guard.check(dev, GuardRequest.input(ATTACK, null));
    guard.check(dev, GuardRequest.input(ATTACK, null));
    await(admin, "/api/v1/guard/alerts", items -> items.size() >= 3);
    assertThat(api.get("/api/v1/guard/alerts", admin).json().get("total").asLong()).isEqualTo(3);
    assertThat(api.delete("/api/v1/guard/alert-rules/" + rule.id(), admin).status()).isEqualTo(204);
    assertProblem(api.get("/api/v1/guard/alert-rules/" + rule.id(), admin), 404, "guard_alert_rule.not_found");
  }

  @Test
  void blocksAreLoadedFromTheDatabaseAtStartAndExpireOnTime() {
    Tenant e = fx.tenant("alert-e");
    var now = OffsetDateTime.now(ZoneOffset.UTC);
    // A block made before a restart: only in the database.
    jdbc.sql("""
        insert into guard_blocks (tenant_id, subject, subject_value, subject_label, reason, created_at, expires_at)
        values (:t, 'api_key', '4242', 'API key 4242', 'before restart', :now, :until)""")
        .param("t", e.orgId()).param("now", now).param("until", now.plusMinutes(30)).update();
    GuardSubject keyCall = new GuardSubject(e.orgId(), e.orgId(), e.devId(), e.devName(), Set.of(), null, 7L, 4242L,
        null, "10.0.0.1", "gateway");
    assertThat(guard.check(keyCall, GuardRequest.input(HARMLESS, null)).action()).isEqualTo(GuardAction.ALLOW);
    blocks.run(null); // what the server does at start
    assertThat(guard.check(keyCall, GuardRequest.input(HARMLESS, null)).action()).isEqualTo(GuardAction.BLOCK);
    clock.advance(Duration.ofMinutes(31));
    assertThat(guard.check(keyCall, GuardRequest.input(HARMLESS, null)).action())
        .as("the block has expired").isEqualTo(GuardAction.ALLOW);
    assertThat(api.get("/api/v1/guard/blocks?active=true", fx.login(e.adminName())).json().get("total").asLong())
        .isZero();
  }

  @Test
  void invalidRulesAreRejectedWithTheReasonAndNothingIsStored() {
    Tenant d = fx.tenant("alert-d");
    String admin = fx.login(d.adminName());
    Map<String, Object> base = blockRule(3);
    assertInvalid(admin, with(base, "threshold", 0), "threshold");
    assertInvalid(admin, with(base, "subject", "org"), "subject");
    assertInvalid(admin, with(base, "response", "shout"), "response");
    assertInvalid(admin, with(base, "block_minutes", null), "block_minutes");
    assertInvalid(admin, with(base, "window_minutes", 100000), "window_minutes");
    assertInvalid(admin, with(base, "match_action", "explode"), "match_action");
    assertInvalid(admin, with(base, "match_risk_type", "blah-blah"), "match_risk_type");
    assertInvalid(admin, with(base, "match_risk_type", "Q.9"), "match_risk_type");
    assertInvalid(admin, with(base, "name", ""), "name");
    Map<String, Object> nothing = with(base, "match_action", null);
    assertInvalid(admin, nothing, "match_action");
    assertProblem(api.raw("POST", "/api/v1/guard/alert-rules", admin, "application/json", "{\"name\":"), 400, null);
    assertThat(api.get("/api/v1/guard/alert-rules", admin).json().size()).isZero();
    assertProblem(api.post("/api/v1/guard/alert-rules", fx.login(d.devName()), base), 403, "permission_denied");

    long id = api.post("/api/v1/guard/alert-rules", admin, base).id();
    assertInvalidPatch(admin, id, map("threshold", -1), "threshold");
    assertThat(api.get("/api/v1/guard/alert-rules/" + id, admin).json().get("threshold").asInt()).isEqualTo(3);
    var platform = api.post("/api/v1/guard/alert-rules", fx.secadmin(), base);
    assertThat(platform.status()).isEqualTo(201);
    assertThat(platform.json().get("tenant_id").isNull()).as("a platform rule").isTrue();
    assertThat(api.get("/api/v1/guard/alert-rules", admin).json().size()).as("tenants see only their own").isEqualTo(1);
  }

  private void assertInvalid(String token, Map<String, Object> body, String field) {
    var res = assertProblem(api.post("/api/v1/guard/alert-rules", token, body), 400, "validation_failed");
    assertThat(io.jingzhi.server.support.Problems.fields(res)).containsExactly(field);
  }

  private void assertInvalidPatch(String token, long id, Map<String, Object> body, String field) {
    var res = assertProblem(api.patch("/api/v1/guard/alert-rules/" + id, token, body), 400, "validation_failed");
    assertThat(io.jingzhi.server.support.Problems.fields(res)).containsExactly(field);
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    var copy = new java.util.LinkedHashMap<>(base);
    copy.put(key, value);
    return copy;
  }

  /** Polls a paged listing until its items satisfy the condition (alerts are stored by a background thread). */
  private JsonNode await(String token, String path, Predicate<JsonNode> ready) throws InterruptedException {
    TestApi.Res last = null;
    for (int i = 0; i < 200; i++) {
      last = api.get(path, token);
      if (last.status() == 200 && ready.test(last.json().get("items"))) {
        return last.json().get("items");
      }
      Thread.sleep(50);
    }
    throw new AssertionError(path + " never got ready: " + last);
  }
}
