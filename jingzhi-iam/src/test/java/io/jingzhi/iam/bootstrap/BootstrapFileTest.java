package io.jingzhi.iam.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.iam.IamProperties;
import io.jingzhi.iam.user.PasswordPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Parsing and checking of bootstrap files: every problem names its field path; secrets resolve lazily. */
class BootstrapFileTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private final Map<String, String> env = new HashMap<>();
  private final Placeholders placeholders = new Placeholders(name -> Optional.ofNullable(env.get(name)), () -> null);
  private final PasswordPolicy policy = new PasswordPolicy(new IamProperties.Password(10, 3, 5, Duration.ofDays(90)),
      new BCryptPasswordEncoder());
  private final FakeStored stored = new FakeStored();

  private BootstrapFile parse(String yaml, String... sectionKeys) {
    return new BootstrapParser(placeholders, Set.of(sectionKeys)).parse("test.yaml", yaml);
  }

  private List<String> parseProblems(String yaml) {
    try {
      parse(yaml);
    } catch (BootstrapException e) {
      return e.problems();
    }
    throw new AssertionError("expected problems");
  }

  private Problems plan(BootstrapFile file) {
    Problems problems = new Problems();
    new BootstrapPlanner(stored, placeholders, policy, NOW).plan(file, problems);
    return problems;
  }

  private BootstrapPlan planOk(BootstrapFile file) {
    Problems problems = new Problems();
    BootstrapPlan plan = new BootstrapPlanner(stored, placeholders, policy, NOW).plan(file, problems);
    assertThat(problems.list()).isEmpty();
    return plan;
  }

  @Test
  void readsDeeplyNestedOrganizationsParentsFirst() {
    BootstrapFile file = parse("""
        organizations:
          - code: city-a
            name: 甲局
            tenant: true
            children:
              - code: a1
                name: 一处
                children:
                  - code: a11
                    name: 一科
                    children:
                      - {code: a111, name: 一组, children: [{code: a1111, name: 一班}]}
              - code: a2
                name: 二处
        """);
    var all = file.allOrganizations();
    assertThat(all).extracting(BootstrapFile.OrgEntry::code).containsExactly("city-a", "a1", "a11", "a111", "a1111",
        "a2");
    assertThat(all).extracting(BootstrapFile.OrgEntry::parent).containsExactly(null, "city-a", "a1", "a11", "a111",
        "city-a");
    assertThat(all.get(4).path()).isEqualTo("organizations[0].children[0].children[0].children[0].children[0]");
    assertThat(all.get(0).tenant()).isTrue();
    assertThat(all.get(1).tenant()).isNull();
  }

  @Test
  void everyParseProblemNamesItsPath() {
    var problems = parseProblems("""
        organizations:
          - code: "bad code!"
            name: 甲
            children:
              - code: deep
          - code: dup
            name: 乙
            tenant: maybe
          - code: dup
            name: 丙
          - code: root
            name: 根
        users:
          - username: "x"
            password: "${bad-name}"
            display_name: "${UNSET_NAME}"
            org: dup
          - username: li
            org: dup
            email: not-an-email
            phone: "call me"
            expires_at: next year
            nickname: 小李
            roles: developer
        projects:
          - {code: p1, name: 项目, org: dup}
          - {code: p1, name: 项目二, org: dup}
        apps:
          - code: app1
            project: p1
            api_keys:
              - {name: k, models: gpt}
              - {name: k, limits: {rpm: 0, tpm: "many", burst: 3}}
          - code: app2
            name: 应用二
            project: p1
            api_keys:
              - name: k
                limits: {rpm: -5, concurrency: "${CONC:4}"}
        modelz: []
        """);
    assertThat(problems).contains(
        "organizations[0].code: must be 1-64 letters, digits, _ . - starting with a letter or digit (got \"bad code!\")",
        "organizations[0].children[0].name: is required",
        "organizations[1].tenant: must be true or false",
        "organizations[2].code: duplicate organization code \"dup\"",
        "organizations[3].code: \"root\" is the platform root; list its children at the top level",
        "users[0].username: must be 2-64 letters, digits, _ . @ - starting with a letter or digit (got \"x\")",
        "users[0].password: malformed reference \"${bad-name}\": expected ${NAME} or ${NAME:default}",
        "users[0].display_name: environment variable UNSET_NAME is not set (write ${UNSET_NAME:default} to give a"
            + " default)",
        "users[1].email: is not an email address",
        "users[1].phone: is not a phone number (got \"call me\")",
        "users[1].expires_at: must be a date (2027-01-31) or a timestamp (2027-01-31T18:00:00+08:00)",
        "users[1].roles: must be a list",
        "projects[1].code: duplicate project code \"p1\"",
        "apps[0].name: is required",
        "apps[0].api_keys[0].models: must be a list",
        "apps[0].api_keys[1].name: duplicate key name \"k\" in this app",
        "apps[0].api_keys[1].limits.rpm: must be a positive integer",
        "apps[0].api_keys[1].limits.tpm: must be a positive integer",
        "apps[1].api_keys[0].limits.rpm: must be a positive integer");
    assertThat(problems).anyMatch(p -> p.startsWith("users[1].nickname: unknown field; expected one of username,"));
    assertThat(problems).anyMatch(p -> p.startsWith("apps[0].api_keys[1].limits.burst: unknown field"));
    assertThat(problems).anyMatch(p -> p.startsWith("modelz: unknown top-level key: no module of this server reads"));
    assertThat(problems).noneMatch(p -> p.startsWith("apps[1].api_keys[0].limits.concurrency"));
  }

  @Test
  void brokenYamlAndWrongShapesAreReported() {
    assertThatThrownBy(() -> parse("users:\n  - username: a\n   bad: [")).isInstanceOf(BootstrapException.class)
        .hasMessageContaining("line ").hasMessageContaining("not valid YAML");
    assertThat(parseProblems("users:\n  - username: a\n    username: b\n"))
        .anyMatch(p -> p.contains("Duplicate") || p.contains("duplicate"));
    assertThat(parseProblems("- just\n- a list\n")).singleElement().asString().contains("must be a mapping");
    assertThat(parseProblems("organizations: {code: a}\nusers: [plain]\n"))
        .contains("organizations: must be a list", "users[0]: must be a mapping (key: value)");
    assertThat(parse("# only comments\n").users()).isEmpty();
  }

  @Test
  void sectionsOfOtherModulesAreKeptForThemAndUnknownOnesAreNamed() {
    BootstrapFile file = parse("""
        models:
          - name: qwen
            api_key: ${VLLM_KEY}
        guard: {mode: strict}
        """, "models", "guard");
    assertThat(file.sections()).containsOnlyKeys("models", "guard");
    assertThat(file.sections().get("models").get(0).get("api_key").asString()).isEqualTo("${VLLM_KEY}");
    assertThatThrownBy(() -> parse("knowledge_bases: []\n", "models"))
        .hasMessageContaining("knowledge_bases: unknown top-level key");
  }

  @Test
  void referencesRolesAndPasswordsAreCheckedAgainstTheStoredState() {
    stored.org("existing-org").account("admin", "system-admin");
    var problems = plan(parse("""
        organizations: [{code: new-org, name: 新局}]
        users:
          - {username: a1, password: "Str0ng#Passw0rd", org: new-org, roles: [developer]}
          - {username: a2, password: "Str0ng#Passw0rd", org: existing-org, roles: [nope, system-admin, audit-admin]}
          - {username: a3, password: "Str0ng#Passw0rd", org: xyz}
          - {username: a4, password: short, org: root}
          - {username: a5, org: root}
          - {username: admin, org: root, roles: [developer]}
        projects: [{code: p, name: 项目, org: nowhere}]
        apps: [{code: app, name: 应用, project: missing}]
        """));
    assertThat(problems.list()).containsExactlyInAnyOrder(
        "users[1].roles[0]: unknown role \"nope\"",
        "users[1].roles: the system, security and audit administrator roles cannot be held by the same person",
        "users[2].org: unknown organization code \"xyz\"",
        "users[3].password: must be at least 10 characters long",
        "users[3].password: must mix at least 3 of: lower-case letters, upper-case letters, digits, symbols",
        "users[4].password: is required to create the account",
        "users[5].roles: would withdraw the administrator role system-admin from an existing account; the security"
            + " administrator does that in the portal",
        "projects[0].org: unknown organization code \"nowhere\"",
        "apps[0].project: unknown project code \"missing\"");
  }

  @Test
  void secretsAreResolvedOnlyWhenNeeded() {
    stored.account("old");
    String yaml = """
        users:
          - {username: old, password: "${OLD_PASSWORD}", org: root}
          - {username: new, password: "${NEW_PASSWORD}", org: root}
        """;
    assertThat(plan(parse(yaml)).list()).containsExactly(
        "users[1].password: environment variable NEW_PASSWORD is not set (write ${NEW_PASSWORD:default} to give a"
            + " default)");
    env.put("NEW_PASSWORD", "Fresh#Passw0rd");
    BootstrapPlan plan = planOk(parse(yaml));
    assertThat(plan.passwords()).containsExactly(Map.entry("users[1]", "Fresh#Passw0rd"));
  }

  @Test
  void keysAreCreatedKeptReplacedOrLeftRevoked() {
    stored.org("o").project("p", "o").app("app", "p")
        .key("app", "same", "sk-jz-same-value-0123456789abcdef", false)
        .key("app", "rotated", "sk-jz-old-value-0123456789abcdef", false)
        .key("app", "generated", "sk-jz-generated-0123456789abcdef", false)
        .key("app", "revoked", "sk-jz-revoked-0123456789abcdef", true)
        .key("app", "unresolved", "sk-jz-unresolved-0123456789abcdef", false);
    BootstrapPlan plan = planOk(parse("""
        apps:
          - code: app
            name: 应用
            project: p
            api_keys:
              - {name: same, key: sk-jz-same-value-0123456789abcdef}
              - {name: rotated, key: sk-jz-new-value-0123456789abcdef}
              - {name: generated}
              - {name: revoked}
              - {name: unresolved, key: "${ROTATING_KEY}"}
              - {name: fresh}
              - {name: explicit, key: "${CI_KEY:sk-jz-ci-0123456789abcdefghij}"}
        """));
    var keys = plan.keys();
    assertThat(keys.get("apps[0].api_keys[0]")).isInstanceOf(BootstrapPlan.Keep.class);
    assertThat(keys.get("apps[0].api_keys[1]")).isInstanceOfSatisfying(BootstrapPlan.Replace.class,
        r -> assertThat(r.secret()).isEqualTo("sk-jz-new-value-0123456789abcdef"));
    assertThat(keys.get("apps[0].api_keys[2]")).isInstanceOf(BootstrapPlan.Keep.class);
    assertThat(keys.get("apps[0].api_keys[3]")).isInstanceOf(BootstrapPlan.Skip.class);
    assertThat(keys.get("apps[0].api_keys[4]")).isInstanceOf(BootstrapPlan.Keep.class);
    assertThat(keys.get("apps[0].api_keys[5]")).isInstanceOfSatisfying(BootstrapPlan.Create.class,
        c -> assertThat(c.generated()).isTrue());
    assertThat(keys.get("apps[0].api_keys[6]")).isEqualTo(
        new BootstrapPlan.Create("sk-jz-ci-0123456789abcdefghij", false));
    assertThat(plan.warnings()).anyMatch(w -> w.startsWith("apps[0].api_keys[3]: API key \"revoked\" of app app was"
        + " revoked")).anyMatch(w -> w.startsWith("apps[0].api_keys[4].key: cannot be resolved"));
  }

  @Test
  void badKeyValuesAreNamed() {
    stored.org("o").project("p", "o").app("other", "p").key("other", "k", "sk-jz-taken-0123456789abcdef", false);
    var problems = plan(parse("""
        apps:
          - code: app
            name: 应用
            project: p
            api_keys:
              - {name: short, key: sk-short}
              - {name: session, key: jzs_looks-like-a-session-token-0123}
              - {name: taken, key: sk-jz-taken-0123456789abcdef}
              - {name: twice-1, key: sk-jz-twice-0123456789abcdef}
              - {name: twice-2, key: sk-jz-twice-0123456789abcdef}
              - {name: expired, expires_at: 2020-01-01}
              - {name: unset, key: "${UNSET_KEY}"}
        """));
    assertThat(problems.list()).containsExactlyInAnyOrder(
        "apps[0].api_keys[0].key: must be 24-256 characters without spaces (for example sk-jz- and 32 random"
            + " characters)",
        "apps[0].api_keys[1].key: must not start with jzs_, the prefix of session tokens",
        "apps[0].api_keys[2].key: this key value is already used by another API key",
        "apps[0].api_keys[4].key: the same key value is already given at apps[0].api_keys[3].key",
        "apps[0].api_keys[5].expires_at: must be in the future for a new key",
        "apps[0].api_keys[6].key: environment variable UNSET_KEY is not set (write ${UNSET_KEY:default} to give a"
            + " default)");
  }

  @Test
  void theExampleFileLoadsCleanly() throws Exception {
    Path example = Path.of("..", "examples", "bootstrap.yaml");
    // The gateway owns the models and limits sections, the guard, the knowledge hub and the agent apps their own;
    // here only the IAM part is checked.
    BootstrapFile file = parse(Files.readString(example), "models", "limits", "guard", "knowledge_bases",
        "apps_definitions", "db_connections");
    BootstrapPlan plan = planOk(file);
    assertThat(file.allOrganizations()).extracting(BootstrapFile.OrgEntry::name)
        .contains("市政务服务和数据管理局", "市人力资源和社会保障局");
    assertThat(file.users()).hasSizeGreaterThanOrEqualTo(6);
    assertThat(plan.passwords()).containsValue("Demo#2026-Jz");
    assertThat(plan.keys().values()).contains(
        new BootstrapPlan.Create("sk-jz-demo-hotline-0123456789abcdef", false));
    assertThat(plan.keys().values()).anyMatch(a -> a instanceof BootstrapPlan.Create c && c.generated());
  }
}
