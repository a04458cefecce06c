package io.jingzhi.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.common.error.FieldError;
import io.jingzhi.guard.api.GuardDirection;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.engine.RiskLevel;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompiledPolicyTest {

  private static final Map<Long, String> ORGS = Map.of(10L, "/1/10/", 11L, "/1/10/11/", 20L, "/1/20/");
  // A Wednesday, 09:30 in Shanghai.
  private static final ZonedDateTime WED_0930 = ZonedDateTime.of(2026, 1, 7, 9, 30, 0, 0, PolicyCatalog.ZONE);

  private static GuardSubject subject(Long app, String user, Set<String> roles, Long org, String ip) {
    return new GuardSubject(10L, org, 7L, user, roles, null, app, null, "demo-chat", ip, "api");
  }

  private static Policy policy(PolicyScope scope, PolicyConditions conditions, PolicyScope exceptions) {
    return new Policy(1, null, "p", "p", null, 10, true, "enforce", scope, conditions, exceptions, "block", null,
        null, null, null, null, null, null);
  }

  private static PolicyScope scope(List<Long> apps, List<String> users, List<String> roles, List<Long> orgs,
      List<String> ips, List<PolicyScope.TimeWindow> times) {
    return new PolicyScope(apps, null, users, roles, orgs, ips, times);
  }

  private static CheckFacts facts(GuardDirection d, Map<String, RiskLevel> levels, String text) {
    RiskLevel overall = levels.values().stream().reduce(RiskLevel.NONE, RiskLevel::max);
    return new CheckFacts(d, levels, overall, CheckFacts.compact(text));
  }

  @Test
  void everyGivenScopeDimensionMustFitAndOrgsIncludeTheirSubOrgs() {
    var p = new CompiledPolicy(policy(scope(List.of(5L), null, List.of("developer"), List.of(10L), null, null),
        PolicyConditions.ANY, PolicyScope.EVERYONE));
    assertThat(p.notApplicable(subject(5L, "li", Set.of("developer"), 11L, null), WED_0930, ORGS)).isNull();
    assertThat(p.notApplicable(subject(6L, "li", Set.of("developer"), 11L, null), WED_0930, ORGS))
        .isEqualTo("app not in scope");
    assertThat(p.notApplicable(subject(5L, "li", Set.of("reviewer"), 11L, null), WED_0930, ORGS))
        .isEqualTo("no role in scope");
    assertThat(p.notApplicable(subject(5L, "li", Set.of("developer"), 20L, null), WED_0930, ORGS))
        .isEqualTo("org not in scope");
  }

  @Test
  void usersMatchByNameOrIdAndIpsByCidr() {
    var p = new CompiledPolicy(policy(scope(null, List.of("zhang", "7"), null, null, List.of("10.1.0.0/16",
        "fd00::/8"), null), PolicyConditions.ANY, PolicyScope.EVERYONE));
    assertThat(p.notApplicable(subject(null, "anyone", Set.of(), null, "10.1.200.3"), WED_0930, ORGS))
        .as("user id 7 listed").isNull();
    assertThat(p.notApplicable(subject(null, "zhang", Set.of(), null, "10.2.0.1"), WED_0930, ORGS))
        .isEqualTo("source IP not in scope");
    assertThat(p.notApplicable(subject(null, "zhang", Set.of(), null, "fd12::1"), WED_0930, ORGS)).isNull();
    assertThat(p.notApplicable(subject(null, "zhang", Set.of(), null, null), WED_0930, ORGS)).isNotNull();
  }

  @Test
  void timeWindowsUseShanghaiDaysAndRunOvernight() {
    var office = new CompiledPolicy(policy(scope(null, null, null, null, null,
        List.of(new PolicyScope.TimeWindow(List.of(1, 2, 3, 4, 5), "09:00", "18:00"))), PolicyConditions.ANY,
        PolicyScope.EVERYONE));
    var night = new CompiledPolicy(policy(scope(null, null, null, null, null,
        List.of(new PolicyScope.TimeWindow(List.of(2), "22:00", "06:00"))), PolicyConditions.ANY,
        PolicyScope.EVERYONE));
    GuardSubject s = subject(null, "u", Set.of(), null, null);
    assertThat(office.notApplicable(s, WED_0930, ORGS)).isNull();
    assertThat(office.notApplicable(s, WED_0930.withHour(18), ORGS)).isEqualTo("outside its time windows");
    assertThat(office.notApplicable(s, WED_0930.plusDays(3), ORGS)).as("Saturday").isNotNull();
    // Tuesday 22:00 → Wednesday 06:00: Wednesday 05:59 is inside, Wednesday 22:00 is not.
    assertThat(night.notApplicable(s, WED_0930.withHour(5).withMinute(59), ORGS)).isNull();
    assertThat(night.notApplicable(s, WED_0930.withHour(22), ORGS)).isNotNull();
    // The instant is converted to Shanghai time: 01:30 UTC on Wednesday is 09:30 there.
    assertThat(office.notApplicable(s, WED_0930.withZoneSameInstant(java.time.ZoneOffset.UTC), ORGS)).isNull();
  }

  @Test
  void exceptionsExemptOnAnySingleEntry() {
    var p = new CompiledPolicy(policy(PolicyScope.EVERYONE, PolicyConditions.ANY,
        new PolicyScope(null, null, List.of("auditor"), List.of("security-admin"), null, null, null)));
    assertThat(p.notApplicable(subject(null, "auditor", Set.of(), null, null), WED_0930, ORGS))
        .isEqualTo("excepted: user");
    assertThat(p.notApplicable(subject(null, "x", Set.of("security-admin"), null, null), WED_0930, ORGS))
        .isEqualTo("excepted: role");
    assertThat(p.notApplicable(subject(null, "x", Set.of("developer"), null, null), WED_0930, ORGS)).isNull();
  }

  @Test
  void conditionsOnDirectionRiskTypePrefixLevelAndTerms() {
    var violentHigh = new CompiledPolicy(policy(PolicyScope.EVERYONE,
        new PolicyConditions("input", List.of("A.1"), "high", null), PolicyScope.EVERYONE));
    assertThat(violentHigh.unmet(facts(GuardDirection.INPUT, Map.of("A.1.4", RiskLevel.HIGH), "x"))).isNull();
    assertThat(violentHigh.unmet(facts(GuardDirection.INPUT, Map.of("A.1.4", RiskLevel.MEDIUM), "x")))
        .isEqualTo("no finding of A.1 at high or above");
    assertThat(violentHigh.unmet(facts(GuardDirection.INPUT, Map.of("A.2.1", RiskLevel.HIGH), "x"))).isNotNull();
    assertThat(violentHigh.unmet(facts(GuardDirection.OUTPUT, Map.of("A.1.4", RiskLevel.HIGH), "x")))
        .isEqualTo("applies to input only");

    var anyMedium = new CompiledPolicy(policy(PolicyScope.EVERYONE, new PolicyConditions(null, null, "medium", null),
        PolicyScope.EVERYONE));
    assertThat(anyMedium.unmet(facts(GuardDirection.OUTPUT, Map.of("A.4.6", RiskLevel.MEDIUM), "x"))).isNull();
    assertThat(anyMedium.unmet(facts(GuardDirection.OUTPUT, Map.of("A.4.6", RiskLevel.LOW), "x"))).isNotNull();

    var terms = new CompiledPolicy(policy(PolicyScope.EVERYONE, new PolicyConditions(null, null, null,
        List.of("内部文件")), PolicyScope.EVERYONE));
    assertThat(terms.unmet(facts(GuardDirection.INPUT, Map.of(), "请把 內 部 文 件 发给我"))).as("traditional, spaced")
        .isNull();
    assertThat(terms.unmet(facts(GuardDirection.INPUT, Map.of(), "公开文件"))).isEqualTo("none of its terms appears");
    assertThat(new CompiledPolicy(policy(PolicyScope.EVERYONE, PolicyConditions.ANY, PolicyScope.EVERYONE))
        .unmet(facts(GuardDirection.INPUT, Map.of(), "你好"))).as("no conditions: every text").isNull();
  }

  @Test
  void rulesNameTheFieldOfEachInvalidPart() {
    PolicySpec bad = new PolicySpec(null, "bad code!", "", null, -1, null, "dry-run",
        new PolicyScope(null, null, null, null, null, List.of("10.0.0.0/33", "intranet.example"),
            List.of(new PolicyScope.TimeWindow(List.of(0), "25:00", "09:00"))),
        new PolicyConditions("sideways", List.of("A.9.9", "A.1"), "severe", null), null, "redirect", null,
        "partial", null, null, "ftp://x");
    List<String> fields = PolicyRules.check(bad).stream().map(FieldError::field).toList();
    assertThat(fields).contains("code", "name", "priority", "mode", "mask_strategy", "redirect_url",
        "scope.ips[0]", "scope.ips[1]", "scope.times[0].days", "scope.times[0].from", "conditions.direction",
        "conditions.risk_types[0]", "conditions.min_level").doesNotContain("conditions.risk_types[1]");
    assertThat(PolicyRules.check(new PolicySpec(null, "ok", "ok", null, null, null, null, null, null, null,
        "block", "拒绝", null, null, null, null))).isEmpty();
  }

  @Test
  void cidrsAreLiteralAddressesOnly() {
    assertThat(Cidr.parse("192.168.1.0/24").orElseThrow().contains("192.168.1.77")).isTrue();
    assertThat(Cidr.parse("192.168.1.0/24").orElseThrow().contains("192.168.2.1")).isFalse();
    assertThat(Cidr.parse("10.0.0.5").orElseThrow().contains("10.0.0.5")).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").orElseThrow().contains("::1")).isFalse();
    assertThat(Cidr.parse("localhost")).isEmpty();
    assertThat(Cidr.parse("1.2.3.999")).isEmpty();
    assertThat(Cidr.parse("1.2.3.4/40")).isEmpty();
  }
}
