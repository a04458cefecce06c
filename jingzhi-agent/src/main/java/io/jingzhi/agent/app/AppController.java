package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentCallers;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
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

/** Apps and the catalog ({@code /api/v1/apps}). */
@RestController
@RequestMapping("/api/v1/apps")
public class AppController {

  private final AppService service;
  private final AppCatalog catalog;

  public AppController(AppService service, AppCatalog catalog) {
    this.service = service;
    this.catalog = catalog;
  }

  record CopyBody(@NotBlank @Size(max = 64) String code, @Size(max = 200) String name,
      @NotBlank @Size(max = 64) String project) {}

  @GetMapping
  public PageResult<App> list(@RequestParam(required = false) String q, @RequestParam(required = false) String tag,
      @RequestParam(required = false) String type, @RequestParam(required = false) String sort,
      @RequestParam(required = false) Boolean mine, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return catalog.list(AgentCallers.any(), new AppCatalog.Query(q, tag, type, sort, Boolean.TRUE.equals(mine)),
        PageQuery.of(page, size));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "agent.app.create", target = "agent_app")
  public App create(@Valid @RequestBody AppInput input) {
    return service.create(AgentCallers.user(), input);
  }

  @GetMapping("/{code}")
  public App get(@PathVariable String code) {
    return service.get(AgentCallers.user(), code);
  }

  @PatchMapping("/{code}")
  @Audited(value = "agent.app.update", target = "agent_app")
  public App update(@PathVariable String code, @Valid @RequestBody AppPatch patch) {
    return service.update(AgentCallers.user(), code, patch);
  }

  @DeleteMapping("/{code}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "agent.app.delete", target = "agent_app")
  public void delete(@PathVariable String code) {
    service.delete(AgentCallers.user(), code);
  }

  @PostMapping("/{code}/copy")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "agent.app.copy", target = "agent_app")
  public App copy(@PathVariable String code, @Valid @RequestBody CopyBody body) {
    return service.copy(AgentCallers.user(), code, new AppService.CopyRequest(body.code().strip(), body.name(),
        body.project()));
  }

  @PutMapping("/{code}/favourite")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void favourite(@PathVariable String code) {
    service.favourite(AgentCallers.user(), code, true);
  }

  @DeleteMapping("/{code}/favourite")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void unfavourite(@PathVariable String code) {
    service.favourite(AgentCallers.user(), code, false);
  }
}
