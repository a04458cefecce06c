package io.jingzhi.iam.role;

import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import io.jingzhi.iam.api.Permissions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Roles ({@code /api/v1/roles}) and the permission catalog ({@code /api/v1/permissions}). */
@RestController
public class RoleController {

  private final RoleService service;

  public RoleController(RoleService service) {
    this.service = service;
  }

  record CreateRole(
      @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]{1,63}", message = "lower-case letters, digits and -") String code,
      @NotBlank @Size(max = 100) String name,
      @Size(max = 500) String description,
      @NotNull Set<@NotBlank String> permissions) {}

  record UpdateRole(@Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name, @Size(max = 500) String description,
      Set<@NotBlank String> permissions) {}

  record PermissionView(String code, String description) {}

  @GetMapping("/api/v1/roles")
  public List<Role> list() {
    return service.list(Callers.current());
  }

  @GetMapping("/api/v1/roles/{code}")
  public Role get(@PathVariable String code) {
    Callers.current().require(Permissions.ROLE_READ);
    return service.get(code);
  }

  @GetMapping("/api/v1/permissions")
  public List<PermissionView> permissions() {
    Callers.current().require(Permissions.ROLE_READ);
    List<PermissionView> result = new ArrayList<>();
    Permissions.ordered().forEach(e -> result.add(new PermissionView(e.getKey(), e.getValue())));
    return result;
  }

  @PostMapping("/api/v1/roles")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "role.create", target = "role")
  public Role create(@Valid @RequestBody CreateRole body) {
    return service.create(Callers.current(), body.code(), body.name().strip(), body.description(), body.permissions());
  }

  @PatchMapping("/api/v1/roles/{code}")
  @Audited(value = "role.update", target = "role")
  public Role update(@PathVariable String code, @Valid @RequestBody UpdateRole body) {
    return service.update(Callers.current(), code, body.name(), body.description(), body.permissions());
  }

  @DeleteMapping("/api/v1/roles/{code}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "role.delete", target = "role")
  public void delete(@PathVariable String code) {
    service.delete(Callers.current(), code);
  }
}
