package io.jingzhi.guard.pii;

import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Custom sensitive-data rules ({@code /api/v1/guard/pii-rules}) and clear-text roles of a tenant. */
@RestController
public class PiiRuleController {

  private final PiiRuleService service;

  public PiiRuleController(PiiRuleService service) {
    this.service = service;
  }

  @GetMapping("/api/v1/guard/pii-rules")
  public List<PiiRule> list(@RequestParam(name = "tenant_id", required = false) Long tenantId) {
    return service.list(Callers.current(), tenantId);
  }

  @PostMapping("/api/v1/guard/pii-rules")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "guard.pii_rule.create", target = "guard_pii_rule")
  public PiiRule create(@RequestBody PiiRuleService.RuleSpec spec) {
    return service.create(Callers.current(), spec);
  }

  @GetMapping("/api/v1/guard/pii-rules/{id}")
  public PiiRule get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PatchMapping("/api/v1/guard/pii-rules/{id}")
  @Audited(value = "guard.pii_rule.update", target = "guard_pii_rule")
  public PiiRule update(@PathVariable long id, @RequestBody PiiRuleService.RuleSpec spec) {
    return service.update(Callers.current(), id, spec);
  }

  @DeleteMapping("/api/v1/guard/pii-rules/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "guard.pii_rule.delete", target = "guard_pii_rule")
  public void delete(@PathVariable long id) {
    service.delete(Callers.current(), id);
  }

  /** Tries a rule on a sample text without saving it. */
  @PostMapping("/api/v1/guard/pii-rules/try")
  public PiiRuleService.TryResult tryRule(@RequestBody PiiRuleService.TrySpec spec) {
    return service.tryRule(Callers.current(), spec);
  }

  @GetMapping("/api/v1/guard/clear-text-roles")
  public PiiRuleService.ClearTextSpec clearTextRoles(
      @RequestParam(name = "tenant_id", required = false) Long tenantId) {
    return service.clearTextRoles(Callers.current(), tenantId);
  }

  @PutMapping("/api/v1/guard/clear-text-roles")
  @Audited(value = "guard.clear_text_roles.update", target = "guard_clear_text_roles")
  public PiiRuleService.ClearTextSpec setClearTextRoles(@RequestBody PiiRuleService.ClearTextSpec spec) {
    return service.setClearTextRoles(Callers.current(), spec);
  }
}
