package io.jingzhi.iam.sso.ldap;

import io.jingzhi.iam.auth.ExternalLogin;
import io.jingzhi.iam.user.User;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Password sign-in against the LDAP directory: finds the entry with the service account, binds as the entry to
 * check the password, then synchronises the account and its orgs. Lockout and audit stay with the login service.
 */
@Component
@ConditionalOnBooleanProperty("jingzhi.iam.ldap.enabled")
public class LdapLogin implements ExternalLogin {

  private final LdapDirectory directory;
  private final LdapAccounts accounts;

  public LdapLogin(LdapDirectory directory, LdapAccounts accounts) {
    this.directory = directory;
    this.accounts = accounts;
  }

  @Override
  public String source() {
    return LdapAccounts.SOURCE;
  }

  @Override
  public Optional<User> authenticate(String username, String password) {
    // An empty password makes an LDAP simple bind anonymous, which most servers accept: never let it through.
    if (password == null || password.isEmpty() || username == null || username.isBlank()) {
      return Optional.empty();
    }
    return directory.findUser(username)
        .filter(entry -> directory.checkPassword(entry.dn(), password))
        .map(entry -> accounts.sync(entry).user());
  }
}
