package io.jingzhi.iam;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Settings that would hand administrator powers to outside accounts, or cannot work, are refused at start. */
class IamPropertiesTest {

  private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

  @Test
  void ldapDefaultRolesMayNotBeSeparatedAdministrators() {
    assertThat(messages(ldap(true, "ldap://h", "dc=x", List.of("developer")))).isEmpty();
    assertThat(messages(ldap(true, "ldap://h", "dc=x", List.of("developer", "audit-admin"))))
        .containsExactly("default-roles may not contain the separated administrator roles");
  }

  @Test
  void enabledLdapNeedsUrlAndBaseDnButDisabledNeedsNothing() {
    assertThat(messages(ldap(false, null, null, List.of()))).isEmpty();
    assertThat(messages(ldap(true, "ldap://h", " ", List.of()))).singleElement().asString().startsWith("url and base-dn");
  }

  @Test
  void oidcProvidersNeedUniqueIdsAndOrdinaryDefaultRoles() {
    var ok = provider("jingban", List.of("developer"));
    assertThat(messages(oidc(List.of(ok)))).isEmpty();
    assertThat(messages(oidc(List.of(ok, provider("jingban", List.of()))))).contains("provider ids must be unique");
    assertThat(messages(oidc(List.of(provider("Bad Id", List.of("system-admin")))))).hasSize(2);
  }

  private List<String> messages(Object settings) {
    return validator.validate(settings).stream().map(ConstraintViolation::getMessage).toList();
  }

  private static IamProperties.Ldap ldap(boolean enabled, String url, String baseDn, List<String> roles) {
    return new IamProperties.Ldap(enabled, url, baseDn, null, null, "(uid={0})", "uid", "cn", "mail",
        "telephoneNumber", IamProperties.LdapOrgStrategy.OU_PATH, null, null, true, roles, Duration.ofSeconds(5),
        Duration.ofSeconds(10), 100);
  }

  private static IamProperties.Oidc oidc(List<IamProperties.Oidc.Provider> providers) {
    return new IamProperties.Oidc(providers, null, Duration.ofMinutes(10), Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  private static IamProperties.Oidc.Provider provider(String id, List<String> roles) {
    return new IamProperties.Oidc.Provider(id, "京办", "https://idp", "client", null, List.of("openid"),
        "preferred_username", "name", "email", "phone_number", null, null, true, roles);
  }
}
