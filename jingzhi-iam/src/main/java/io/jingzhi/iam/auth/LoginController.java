package io.jingzhi.iam.auth;

import io.jingzhi.iam.api.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-in, sign-out and the list of sign-in methods: {@code /api/v1/auth}. */
@RestController
@RequestMapping("/api/v1/auth")
public class LoginController {

  private final LoginService logins;
  private final List<ExternalLogin> directories;
  private final List<SsoProvider> ssoProviders;

  public LoginController(LoginService logins, List<ExternalLogin> directories, List<SsoProvider> ssoProviders) {
    this.logins = logins;
    this.directories = directories;
    this.ssoProviders = ssoProviders;
  }

  record Login(@NotBlank @Size(max = 64) String username, @NotNull @Size(max = 256) String password) {}

  record Provider(String id, String name, String authorizeUrl, boolean available) {}

  record Providers(boolean local, boolean ldap, List<Provider> oidc) {}

  @PostMapping("/login")
  public LoginService.LoginResult login(@Valid @RequestBody Login body, HttpServletRequest request) {
    return logins.login(body.username().strip(), body.password(), request.getRemoteAddr(),
        request.getHeader("User-Agent"));
  }

  @PostMapping("/logout")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void logout(HttpServletRequest request) {
    var caller = Callers.current();
    String header = request.getHeader("Authorization");
    if (header != null && caller.sessionId() != null) {
      logins.logout(header.substring(7).strip(), caller);
    }
  }

  @GetMapping("/providers")
  public Providers providers() {
    return new Providers(true, directories.stream().anyMatch(d -> "ldap".equals(d.source())),
        ssoProviders.stream().map(p -> new Provider(p.id(), p.name(), p.authorizeUrl(), p.available())).toList());
  }
}
