package io.jingzhi.iam.bootstrap;

import io.jingzhi.iam.IamProperties;
import io.jingzhi.iam.api.BuiltinRole;
import io.jingzhi.iam.org.OrgRepository;
import io.jingzhi.iam.role.RoleService;
import io.jingzhi.iam.user.UserRepository;
import io.jingzhi.iam.user.UserService;
import java.security.SecureRandom;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes a fresh installation usable: the built-in roles match the code, and the three separated administrators
 * exist — {@code admin} (system), {@code secadmin} (security) and {@code auditor} (audit) — with the password from
 * {@code JINGZHI_ADMIN_PASSWORD} or a generated one, printed once. Without the security administrator nobody
 * could hand out administrator roles, and without the audit administrator nobody could read the trail.
 */
@Component
public class FirstStart {

  private static final Logger log = LoggerFactory.getLogger(FirstStart.class);
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final RoleService roles;
  private final UserRepository users;
  private final UserService userService;
  private final OrgRepository orgs;
  private final IamProperties properties;
  private String effectiveAdminPassword;
  private boolean adminCreated;

  public FirstStart(RoleService roles, UserRepository users, UserService userService, OrgRepository orgs,
      IamProperties properties) {
    this.roles = roles;
    this.users = users;
    this.userService = userService;
    this.orgs = orgs;
    this.properties = properties;
  }

  @Transactional
  public void run() {
    roles.syncBuiltins();
    if (users.findByUsername("admin").isPresent()) {
      effectiveAdminPassword = blankToNull(properties.adminPassword());
      return;
    }
    String password = blankToNull(properties.adminPassword());
    boolean generated = password == null;
    if (generated) {
      password = generatePassword();
    }
    long root = orgs.root().id();
    userService.insert(new UserService.NewUser("admin", "系统管理员", password, null, null, root,
        Set.of(BuiltinRole.SYSTEM_ADMIN.code()), null), "local", null, false);
    for (var extra : new String[][] {{"secadmin", "安全管理员", BuiltinRole.SECURITY_ADMIN.code()},
        {"auditor", "审计管理员", BuiltinRole.AUDIT_ADMIN.code()}}) {
      if (users.findByUsername(extra[0]).isEmpty()) {
        userService.insert(new UserService.NewUser(extra[0], extra[1], password, null, null, root,
            Set.of(extra[2]), null), "local", null, false);
      }
    }
    effectiveAdminPassword = password;
    adminCreated = true;
    if (generated) {
      log.warn("Generated the password of the first system administrator 'admin': {} (shown only this once)",
          password);
    }
  }

  /** The admin password of this start when it is known (configured, or generated just now). */
  public String effectiveAdminPassword() {
    return effectiveAdminPassword;
  }

  public boolean adminCreated() {
    return adminCreated;
  }

  static String generatePassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder s = new StringBuilder("Jz-");
    for (int i = 0; i < 16; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.append("-9").toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
