package io.jingzhi.iam.group;

import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** User groups: {@code /api/v1/groups}. */
@RestController
@RequestMapping("/api/v1/groups")
public class GroupController {

  private final GroupService service;

  public GroupController(GroupService service) {
    this.service = service;
  }

  record CreateGroup(@NotBlank @Size(max = 100) String name, @Size(max = 500) String description,
      @NotNull Long orgId) {}

  record UpdateGroup(@Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name, @Size(max = 500) String description) {}

  record Members(@NotNull Set<@NotNull Long> userIds) {}

  @GetMapping
  public List<Group> list() {
    return service.list(Callers.current());
  }

  @GetMapping("/{id}")
  public GroupService.GroupDetail get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "group.create", target = "group")
  public Group create(@Valid @RequestBody CreateGroup b) {
    return service.create(Callers.current(), b.name().strip(), b.description(), b.orgId());
  }

  @PatchMapping("/{id}")
  @Audited(value = "group.update", target = "group")
  public Group update(@PathVariable long id, @Valid @RequestBody UpdateGroup b) {
    return service.update(Callers.current(), id, b.name(), b.description());
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "group.delete", target = "group")
  public void delete(@PathVariable long id) {
    service.delete(Callers.current(), id);
  }

  @PutMapping("/{id}/members")
  @Audited(value = "group.members", target = "group")
  public GroupService.GroupDetail members(@PathVariable long id, @Valid @RequestBody Members b) {
    return service.setMembers(Callers.current(), id, b.userIds());
  }
}
