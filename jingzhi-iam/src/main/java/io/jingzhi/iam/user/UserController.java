package io.jingzhi.iam.user;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Accounts: {@code /api/v1/users}. */
@RestController
@RequestMapping("/api/v1/users")
public class UserController {

  public static final String USERNAME = "[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}";
  public static final String PHONE = "[0-9+() -]{3,32}";

  private final UserService service;

  public UserController(UserService service) {
    this.service = service;
  }

  record CreateUser(
      @NotBlank @Pattern(regexp = USERNAME, message = "2-64 letters, digits, _ . @ -") String username,
      @NotBlank @Size(max = 200) String displayName,
      @NotNull String password,
      @Pattern(regexp = PHONE, message = "is not a phone number") String phone,
      @Email @Size(max = 254) String email,
      @NotNull Long orgId,
      Set<@NotBlank String> roles,
      Instant expiresAt) {}

  record UpdateUser(
      @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String displayName,
      @Pattern(regexp = "|" + PHONE, message = "is not a phone number") String phone,
      @Email @Size(max = 254) String email,
      Long orgId,
      Instant expiresAt,
      Boolean clearExpiry,
      Boolean enabled) {}

  record ResetPassword(@NotNull String newPassword) {}

  record SetRoles(@NotNull Set<@NotBlank String> roles) {}

  @GetMapping
  public PageResult<UserView> search(@RequestParam(name = "org_id", required = false) Long orgId,
      @RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.search(Callers.current(), orgId, q, PageQuery.of(page, size));
  }

  @GetMapping("/{id}")
  public UserView get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "user.create", target = "user")
  public UserView create(@Valid @RequestBody CreateUser b) {
    return service.create(Callers.current(), new UserService.NewUser(b.username(), b.displayName().strip(),
        b.password(), b.phone(), b.email(), b.orgId(), b.roles(), b.expiresAt()));
  }

  @PatchMapping("/{id}")
  @Audited(value = "user.update", target = "user")
  public UserView update(@PathVariable long id, @Valid @RequestBody UpdateUser b) {
    return service.update(Callers.current(), id, new UserService.UserChanges(
        b.displayName() == null ? null : b.displayName().strip(), b.phone(), b.email(), b.orgId(), b.expiresAt(),
        b.clearExpiry(), b.enabled()));
  }

  @PostMapping("/{id}/reset-password")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "user.reset_password", target = "user")
  public void resetPassword(@PathVariable long id, @Valid @RequestBody ResetPassword b) {
    service.resetPassword(Callers.current(), id, b.newPassword());
  }

  @PostMapping("/{id}/unlock")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "user.unlock", target = "user")
  public void unlock(@PathVariable long id) {
    service.unlock(Callers.current(), id);
  }

  @PutMapping("/{id}/roles")
  @Audited(value = "user.roles", target = "user")
  public UserView setRoles(@PathVariable long id, @Valid @RequestBody SetRoles b) {
    return service.setRoles(Callers.current(), id, b.roles());
  }
}
