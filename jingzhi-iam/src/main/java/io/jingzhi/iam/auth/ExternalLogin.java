package io.jingzhi.iam.auth;

import io.jingzhi.iam.user.User;
import java.util.Optional;

/**
 * A directory that checks passwords for accounts the platform does not own (LDAP). On success it returns the
 * platform account, created or refreshed from the directory; the usual account checks still apply.
 */
public interface ExternalLogin {

  /** The source name stored on the accounts it manages, for example {@code ldap}. */
  String source();

  /** Empty when the directory does not know the user or the password is wrong. */
  Optional<User> authenticate(String username, String password);
}
