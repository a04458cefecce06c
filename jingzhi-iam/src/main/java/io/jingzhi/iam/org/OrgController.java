package io.jingzhi.iam.org;

import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The organization tree: {@code /api/v1/orgs}. */
@RestController
@RequestMapping("/api/v1/orgs")
public class OrgController {

  /** Codes are stable identifiers used in bootstrap files and SSO mapping. */
  public static final String CODE_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

  private final OrgService service;

  public OrgController(OrgService service) {
    this.service = service;
  }

  record CreateOrg(
      @NotBlank @Pattern(regexp = CODE_PATTERN, message = "letters, digits, _ . - (max 64)") String code,
      @NotBlank @Size(max = 200) String name,
      @NotNull Long parentId,
      Boolean tenant) {}

  record UpdateOrg(@Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name, Boolean enabled, Boolean tenant) {}

  record MoveOrg(@NotNull Long parentId) {}

  @GetMapping
  public List<Org> list() {
    return service.list(Callers.current());
  }

  @GetMapping("/{id}")
  public Org get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "org.create", target = "org")
  public Org create(@Valid @RequestBody CreateOrg body) {
    return service.create(Callers.current(), body.code(), body.name().strip(), body.parentId(),
        Boolean.TRUE.equals(body.tenant()));
  }

  @PatchMapping("/{id}")
  @Audited(value = "org.update", target = "org")
  public Org update(@PathVariable long id, @Valid @RequestBody UpdateOrg body) {
    return service.update(Callers.current(), id, body.name() == null ? null : body.name().strip(), body.enabled(),
        body.tenant());
  }

  @PostMapping("/{id}/move")
  @Audited(value = "org.move", target = "org")
  public Org move(@PathVariable long id, @Valid @RequestBody MoveOrg body) {
    return service.move(Callers.current(), id, body.parentId());
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "org.delete", target = "org")
  public void delete(@PathVariable long id) {
    service.delete(Callers.current(), id);
  }
}
