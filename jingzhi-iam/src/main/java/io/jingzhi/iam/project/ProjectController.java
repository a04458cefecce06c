package io.jingzhi.iam.project;

import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import io.jingzhi.iam.org.OrgController;
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

/** Projects ({@code /api/v1/projects}) and their apps ({@code /api/v1/projects/{id}/apps}). */
@RestController
@RequestMapping("/api/v1/projects")
public class ProjectController {

  private final ProjectService service;

  public ProjectController(ProjectService service) {
    this.service = service;
  }

  record CreateProject(
      @NotBlank @Pattern(regexp = OrgController.CODE_PATTERN, message = "letters, digits, _ . - (max 64)") String code,
      @NotBlank @Size(max = 200) String name,
      @Size(max = 1000) String description,
      @NotNull Long orgId) {}

  record CreateApp(
      @NotBlank @Pattern(regexp = OrgController.CODE_PATTERN, message = "letters, digits, _ . - (max 64)") String code,
      @NotBlank @Size(max = 200) String name,
      @Size(max = 1000) String description) {}

  record Update(@Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name, @Size(max = 1000) String description) {}

  @GetMapping
  public List<Project> list() {
    return service.list(Callers.current());
  }

  @GetMapping("/{id}")
  public Project get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "project.create", target = "project")
  public Project create(@Valid @RequestBody CreateProject b) {
    return service.create(Callers.current(), b.code(), b.name().strip(), b.description(), b.orgId());
  }

  @PatchMapping("/{id}")
  @Audited(value = "project.update", target = "project")
  public Project update(@PathVariable long id, @Valid @RequestBody Update b) {
    return service.update(Callers.current(), id, b.name(), b.description());
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "project.delete", target = "project")
  public void delete(@PathVariable long id) {
    service.delete(Callers.current(), id);
  }

  @GetMapping("/{projectId}/apps")
  public List<App> apps(@PathVariable long projectId) {
    return service.apps(Callers.current(), projectId);
  }

  @GetMapping("/{projectId}/apps/{appId}")
  public App app(@PathVariable long projectId, @PathVariable long appId) {
    return service.app(Callers.current(), projectId, appId);
  }

  @PostMapping("/{projectId}/apps")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "app.create", target = "app")
  public App createApp(@PathVariable long projectId, @Valid @RequestBody CreateApp b) {
    return service.createApp(Callers.current(), projectId, b.code(), b.name().strip(), b.description());
  }

  @PatchMapping("/{projectId}/apps/{appId}")
  @Audited(value = "app.update", target = "app")
  public App updateApp(@PathVariable long projectId, @PathVariable long appId, @Valid @RequestBody Update b) {
    return service.updateApp(Callers.current(), projectId, appId, b.name(), b.description());
  }

  @DeleteMapping("/{projectId}/apps/{appId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "app.delete", target = "app")
  public void deleteApp(@PathVariable long projectId, @PathVariable long appId) {
    service.deleteApp(Callers.current(), projectId, appId);
  }
}
