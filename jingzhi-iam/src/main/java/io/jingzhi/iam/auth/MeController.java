package io.jingzhi.iam.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Callers;
import io.jingzhi.iam.apikey.ApiKeyRepository;
import io.jingzhi.iam.org.Org;
import io.jingzhi.iam.org.OrgRepository;
import io.jingzhi.iam.project.ProjectRepository;
import io.jingzhi.iam.user.PasswordPolicy;
import io.jingzhi.iam.user.User;
import io.jingzhi.iam.user.UserRepository;
import io.jingzhi.iam.user.UserService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own account: {@code /api/v1/me}. Works with a portal token and with an API key. */
@RestController
@RequestMapping("/api/v1/me")
public class MeController {

  private final UserRepository users;
  private final UserService userService;
  private final OrgRepository orgs;
  private final ApiKeyRepository keys;
  private final ProjectRepository projects;
  private final PasswordPolicy policy;

  public MeController(UserRepository users, UserService userService, OrgRepository orgs, ApiKeyRepository keys,
      ProjectRepository projects, PasswordPolicy policy) {
    this.users = users;
    this.userService = userService;
    this.orgs = orgs;
    this.keys = keys;
    this.projects = projects;
    this.policy = policy;
  }

  record OrgRef(long id, String code, String name) {
    static OrgRef of(Org o) {
      return new OrgRef(o.id(), o.code(), o.name());
    }
  }

  record KeyRef(long id, String name, String prefix, long appId, String appCode, long projectId) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Me(long id, String username, String displayName, String phone, String email, OrgRef org, OrgRef tenant,
      Set<String> roles, Set<String> permissions, String authType, String source, Instant passwordExpiresAt,
      Boolean mustChangePassword, KeyRef apiKey) {}

  record UpdateMe(@Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String displayName,
      @Pattern(regexp = "|[0-9+() -]{3,32}", message = "is not a phone number") String phone,
      @Email @Size(max = 254) String email) {}

  record ChangePassword(@NotNull String currentPassword, @NotNull String newPassword) {}

  @GetMapping
  public Me me() {
    Caller caller = Callers.current();
    Org org = orgs.find(caller.orgId()).orElseThrow();
    OrgRef tenant = orgs.find(caller.tenantId()).map(OrgRef::of).orElse(null);
    Set<String> permissions = new TreeSet<>(caller.permissions());
    if (caller.authType() == Caller.AuthType.API_KEY) {
      var key = keys.find(caller.apiKeyId()).orElseThrow();
      var app = projects.app(caller.appId()).orElseThrow();
      return new Me(caller.userId(), caller.username(), caller.displayName(), null, null, OrgRef.of(org), tenant,
          Set.of(), permissions, "api_key", null, null, null,
          new KeyRef(key.id(), key.name(), key.prefix(), app.id(), app.code(), app.projectId()));
    }
    User user = users.find(caller.userId()).orElseThrow(() -> ApiException.notFound("user", caller.userId()));
    return new Me(user.id(), user.username(), user.displayName(), user.phone(), user.email(), OrgRef.of(org), tenant,
        new TreeSet<>(caller.roles()), permissions, "user", user.source(),
        "local".equals(user.source()) ? policy.expiresAt(user.passwordChangedAt()) : null,
        caller.passwordChangeRequired(), null);
  }

  @PatchMapping
  public Me update(@Valid @RequestBody UpdateMe body) {
    Caller caller = requireUser();
    userService.updateOwnProfile(caller, body.displayName() == null ? null : body.displayName().strip(),
        body.phone(), body.email());
    return me();
  }

  @PostMapping("/password")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void changePassword(@Valid @RequestBody ChangePassword body) {
    userService.changeOwnPassword(requireUser(), body.currentPassword(), body.newPassword());
  }

  private static Caller requireUser() {
    Caller caller = Callers.current();
    if (caller.authType() != Caller.AuthType.USER) {
      throw ApiException.forbidden("user_only", "Only a signed-in user can change an account; API keys cannot");
    }
    return caller;
  }
}
