package io.jingzhi.iam.sso;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.BuiltinRole;
import io.jingzhi.iam.api.IamEvents;
import io.jingzhi.iam.audit.AuditJson;
import io.jingzhi.iam.org.Org;
import io.jingzhi.iam.org.OrgRepository;
import io.jingzhi.iam.org.OrgService;
import io.jingzhi.iam.role.RoleRepository;
import io.jingzhi.iam.user.User;
import io.jingzhi.iam.user.UserRepository;
import io.jingzhi.iam.user.UserService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates and refreshes the orgs and accounts of an external identity source (LDAP, OIDC). The source is the
 * truth for names, contact data and placement; roles are only given when an account is first created, so what
 * administrators grant later is kept. Accounts are matched by their stable external id, never taken over by name.
 */
@Service
public class ExternalAccounts {

  private static final Logger log = LoggerFactory.getLogger(ExternalAccounts.class);

  private final OrgService orgService;
  private final OrgRepository orgs;
  private final UserService userService;
  private final UserRepository users;
  private final RoleRepository roles;
  private final AuditLog audit;
  private final AuditJson auditJson;
  private final ApplicationEventPublisher events;

  public ExternalAccounts(OrgService orgService, OrgRepository orgs, UserService userService, UserRepository users,
      RoleRepository roles, AuditLog audit, AuditJson auditJson, ApplicationEventPublisher events) {
    this.orgService = orgService;
    this.orgs = orgs;
    this.userService = userService;
    this.users = users;
    this.roles = roles;
    this.audit = audit;
    this.auditJson = auditJson;
    this.events = events;
  }

  /** An org as the source names it; {@code code} must be derived deterministically from the source's id. */
  public record OrgNode(String code, String name, String externalId) {}

  /** An account as the source describes it. */
  public record Identity(String source, String externalId, String username, String displayName, String phone,
      String email) {}

  /** The placed org and how many orgs had to be created for it. */
  public record PlacedOrg(Org org, int created) {}

  /** The synchronised account and what happened to it. */
  public record SyncedUser(User user, boolean created, boolean changed) {}

  /** A short, code-safe id for an org of a source: {@code <prefix>-<16 hex of SHA-256(key)>}. */
  public static String orgCode(String prefix, String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return prefix + "-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The configured parent org; a missing one is an operator error the sign-in cannot work around. */
  public Org parentOrg(String code) {
    if (code == null || code.isBlank()) {
      return orgs.root();
    }
    return orgs.findByCode(code.strip()).orElseThrow(() -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
        "sso.parent_org_missing", "The parent organization " + code + " configured for single sign-on does not exist"));
  }

  /** Creates or refreshes a chain of orgs (top first) under a parent; the first one may be a tenant boundary. */
  @Transactional
  public PlacedOrg placeOrgs(String source, Org parent, List<OrgNode> path, boolean topTenant) {
    Org current = parent;
    int created = 0;
    for (int i = 0; i < path.size(); i++) {
      OrgNode node = path.get(i);
      boolean isNew = orgs.findByCode(node.code()).isEmpty();
      current = orgService.upsertSystem(node.code(), cut(node.name(), 200), current, i == 0 && topTenant, source,
          cut(node.externalId(), 512));
      if (isNew) {
        created++;
        audit.record(new AuditRecord(null, source, current.tenantId(), null, "org.create", "org",
            String.valueOf(current.id()), current.name(), null, auditJson.of(current), true,
            "synchronised from " + source));
      }
    }
    return new PlacedOrg(current, created);
  }

  /** Creates the account on first sight (with the default roles) or refreshes it from the source. */
  @Transactional
  public SyncedUser syncUser(Identity id, long orgId, List<String> defaultRoles) {
    String displayName = cut(firstPresent(id.displayName(), id.username()), 200);
    String phone = id.phone() != null && id.phone().strip().matches("[0-9+() -]{3,32}") ? id.phone().strip() : null;
    String email = id.email() != null && id.email().length() <= 254 && id.email().contains("@")
        ? id.email().strip() : null;
    var existing = users.findByExternalId(id.source(), id.externalId());
    if (existing.isPresent()) {
      User before = existing.get();
      if (Objects.equals(before.displayName(), displayName) && Objects.equals(before.phone(), phone)
          && Objects.equals(before.email(), email) && before.orgId() == orgId) {
        return new SyncedUser(before, false, false);
      }
      User after = userService.refreshExternal(before, displayName, phone, email, orgId);
      events.publishEvent(new IamEvents.UserChanged(after.id()));
      audit.record(new AuditRecord(null, id.source(), null, null, "user.update", "user", String.valueOf(after.id()),
          after.username(), auditJson.of(userService.view(before)), auditJson.of(userService.view(after)), true,
          "synchronised from " + id.source()));
      return new SyncedUser(after, false, true);
    }
    if (id.username() == null || id.username().isBlank() || id.username().length() > 64) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "sso.invalid_username",
          "The username from " + id.source() + " is empty or longer than 64 characters");
    }
    if (users.findByUsername(id.username()).isPresent()) {
      // Another account (local, or another source) holds the name: taking it over would hand its data to a stranger.
      log.warn("{} account {} ({}) not created: the username is taken by another account", id.source(),
          id.username(), id.externalId());
      throw ApiException.conflict("sso.account_conflict", "The username " + id.username()
          + " already belongs to another account; ask an administrator to resolve it");
    }
    User created = userService.insert(new UserService.NewUser(id.username().strip(), displayName,
        null, phone, email, orgId, grantable(defaultRoles), null), id.source(), cut(id.externalId(), 512), false);
    audit.record(new AuditRecord(null, id.source(), null, null, "user.create", "user", String.valueOf(created.id()),
        created.username(), null, auditJson.of(userService.view(created)), true, "provisioned from " + id.source()));
    return new SyncedUser(created, true, false);
  }

  /** Default roles that exist and are not separated-administrator roles (configuration validation checks too). */
  private Set<String> grantable(List<String> wanted) {
    Set<String> result = new LinkedHashSet<>();
    for (String code : wanted == null ? List.<String>of() : wanted) {
      if (BuiltinRole.isSeparatedAdmin(code) || roles.find(code).isEmpty()) {
        log.warn("Default role {} of single sign-on ignored: unknown or a separated administrator role", code);
      } else {
        result.add(code);
      }
    }
    return result;
  }

  private static String firstPresent(String a, String b) {
    return a != null && !a.isBlank() ? a.strip() : b;
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
