package io.jingzhi.iam;

import io.jingzhi.iam.api.BuiltinRole;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of identity and access, prefix {@code jingzhi.iam}.
 *
 * @param adminPassword password of the first system administrator {@code admin} ({@code JINGZHI_ADMIN_PASSWORD});
 *     generated and printed once when empty
 * @param bootstrap path of the bootstrap file applied at every start ({@code JINGZHI_BOOTSTRAP}); none when empty
 */
@Validated
@ConfigurationProperties("jingzhi.iam")
public record IamProperties(
    String adminPassword,
    String bootstrap,
    @Valid @NotNull @DefaultValue Password password,
    @Valid @NotNull @DefaultValue Lockout lockout,
    @Valid @NotNull @DefaultValue Session session,
    @Valid @NotNull @DefaultValue Audit audit,
    @Valid @NotNull @DefaultValue Ldap ldap,
    @Valid @NotNull @DefaultValue Oidc oidc) {

  /** Password policy (等保三级: length, complexity, history, expiry). */
  public record Password(
      @DefaultValue("10") @Min(8) @Max(128) int minLength,
      @DefaultValue("3") @Min(1) @Max(4) int requiredClasses,
      @DefaultValue("5") @Min(0) @Max(24) int history,
      @DefaultValue("90d") Duration maxAge) {}

  /** Lockout after repeated failures. */
  public record Lockout(
      @DefaultValue("5") @Min(1) int maxFailures,
      @DefaultValue("15m") Duration duration) {}

  /** Portal sessions: absolute lifetime and idle timeout. */
  public record Session(
      @DefaultValue("8h") Duration ttl,
      @DefaultValue("30m") Duration idleTimeout) {}

  /** Audit trail; {@code key} is the base64 HMAC key shared by replicas ({@code JINGZHI_AUDIT_KEY}). */
  public record Audit(String key) {}

  /** How directory entries are placed in the org tree. */
  public enum LdapOrgStrategy {
    /** The entry's {@code ou=} path below the base DN becomes orgs under the parent org. */
    OU_PATH,
    /** The value of {@code org-attribute} names one org under the parent org. */
    ATTRIBUTE,
    /** Every directory user goes into the parent org. */
    NONE
  }

  /**
   * Sign-in against an LDAP directory (Active Directory, OpenLDAP, the city's directory); off unless enabled.
   *
   * @param url {@code ldap://host:389} or {@code ldaps://host:636} (certificates checked against the JVM trust store)
   * @param bindDn service account that searches users; empty for an anonymous search
   * @param userSearchFilter filter that finds the entry of the name typed at sign-in; {@code {0}} is the name
   * @param parentOrg code of the org that directory orgs (or, without them, users) go under; empty: the root
   * @param topOrgTenant whether the topmost synchronised orgs (委办局) are tenant boundaries
   * @param defaultRoles roles a new directory account gets; never the separated administrators
   * @param syncLimit most entries one "sync now" reads
   */
  public record Ldap(
      @DefaultValue("false") boolean enabled,
      String url,
      String baseDn,
      String bindDn,
      String bindPassword,
      @DefaultValue("(uid={0})") @NotBlank String userSearchFilter,
      @DefaultValue("uid") @NotBlank String usernameAttribute,
      @DefaultValue("cn") @NotBlank String displayNameAttribute,
      @DefaultValue("mail") String emailAttribute,
      @DefaultValue("telephoneNumber") String phoneAttribute,
      @DefaultValue("ou-path") @NotNull LdapOrgStrategy orgStrategy,
      String orgAttribute,
      String parentOrg,
      @DefaultValue("true") boolean topOrgTenant,
      @DefaultValue List<String> defaultRoles,
      @DefaultValue("5s") Duration connectTimeout,
      @DefaultValue("10s") Duration timeout,
      @DefaultValue("10000") @Min(1) int syncLimit) {

    @AssertTrue(message = "url and base-dn are needed when LDAP is enabled; org-attribute when org-strategy is attribute")
    public boolean isComplete() {
      return !enabled || (present(url) && present(baseDn)
          && (orgStrategy != LdapOrgStrategy.ATTRIBUTE || present(orgAttribute)));
    }

    @AssertTrue(message = "default-roles may not contain the separated administrator roles")
    public boolean isDefaultRolesAllowed() {
      return ordinaryRoles(defaultRoles);
    }
  }

  /**
   * Single sign-on over OpenID Connect (authorization code flow with PKCE).
   *
   * @param redirectBaseUrl the address browsers reach the platform at, for the callback URL; empty: the public URL
   *     ({@code JINGZHI_PUBLIC_URL}) or else the address of the request
   * @param loginTimeout how long a started sign-in may take at the provider
   */
  public record Oidc(
      @DefaultValue List<@Valid Provider> providers,
      String redirectBaseUrl,
      @DefaultValue("10m") Duration loginTimeout,
      @DefaultValue("5s") Duration connectTimeout,
      @DefaultValue("10s") Duration readTimeout) {

    @AssertTrue(message = "provider ids must be unique")
    public boolean isUniqueIds() {
      return providers.stream().map(Provider::id).allMatch(new HashSet<>()::add);
    }

    /**
     * One OpenID provider, such as the city's unified identity (京办) or a Keycloak realm.
     *
     * @param issuerUri the issuer; its {@code /.well-known/openid-configuration} is read for the endpoints
     * @param orgClaim claim that names the user's org (an org code under the parent org, or a name that becomes
     *     an org there); empty: users go into the parent org
     * @param orgTenant whether orgs created from the org claim are tenant boundaries (委办局)
     */
    public record Provider(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,31}") String id,
        @NotBlank String name,
        @NotBlank String issuerUri,
        @NotBlank String clientId,
        String clientSecret,
        @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
        @DefaultValue("preferred_username") @NotBlank String usernameClaim,
        @DefaultValue("name") @NotBlank String displayNameClaim,
        @DefaultValue("email") String emailClaim,
        @DefaultValue("phone_number") String phoneClaim,
        String orgClaim,
        String parentOrg,
        @DefaultValue("true") boolean orgTenant,
        @DefaultValue List<String> defaultRoles) {

      @AssertTrue(message = "default-roles may not contain the separated administrator roles")
      public boolean isDefaultRolesAllowed() {
        return ordinaryRoles(defaultRoles);
      }
    }
  }

  /** Accounts from outside are never made separated administrators (三员) by configuration. */
  static boolean ordinaryRoles(List<String> roles) {
    return roles == null || roles.stream().noneMatch(BuiltinRole::isSeparatedAdmin);
  }

  static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
