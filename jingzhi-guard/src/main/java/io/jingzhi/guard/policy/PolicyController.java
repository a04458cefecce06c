package io.jingzhi.guard.policy;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Guard policies: {@code /api/v1/guard/policies}. */
@RestController
@RequestMapping("/api/v1/guard/policies")
public class PolicyController {

  private final PolicyService service;

  public PolicyController(PolicyService service) {
    this.service = service;
  }

  /** New order of policies: {@code ids} first to last. */
  public record Reorder(List<Long> ids) {}

  @GetMapping
  public PageResult<Policy> list(@RequestParam(name = "tenant_id", required = false) String tenant,
      @RequestParam(required = false) String q, @RequestParam(required = false) String action,
      @RequestParam(required = false) String mode, @RequestParam(required = false) Boolean enabled,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return service.list(Callers.current(), tenant, q, action, mode, enabled, PageQuery.of(page, size));
  }

  @GetMapping("/{id}")
  public Policy get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "guard.policy.create", target = PolicyService.RESOURCE)
  public Policy create(@RequestBody PolicySpec spec) {
    return service.create(Callers.current(), spec);
  }

  @PatchMapping("/{id}")
  @Audited(value = "guard.policy.update", target = PolicyService.RESOURCE)
  public Policy update(@PathVariable long id, @RequestBody PolicySpec spec) {
    return service.update(Callers.current(), id, spec);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "guard.policy.delete", target = PolicyService.RESOURCE)
  public void delete(@PathVariable long id) {
    service.delete(Callers.current(), id);
  }

  @PostMapping("/reorder")
  @Audited(value = "guard.policy.reorder", target = PolicyService.RESOURCE)
  public List<Policy> reorder(@RequestBody Reorder body) {
    return service.reorder(Callers.current(), body.ids());
  }
}
