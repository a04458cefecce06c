package io.jingzhi.guard.alert;

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

/** Alert rules, fired alerts and subject blocks: {@code /api/v1/guard/alert-rules}, {@code /alerts}, {@code /blocks}. */
@RestController
@RequestMapping("/api/v1/guard")
public class AlertController {

  private final AlertRuleService rules;
  private final AlertService alerts;

  public AlertController(AlertRuleService rules, AlertService alerts) {
    this.rules = rules;
    this.alerts = alerts;
  }

  @GetMapping("/alert-rules")
  public List<AlertRule> listRules() {
    return rules.list(Callers.current());
  }

  @GetMapping("/alert-rules/{id}")
  public AlertRule getRule(@PathVariable long id) {
    return rules.get(Callers.current(), id);
  }

  @PostMapping("/alert-rules")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "guard.alert_rule.create", target = "guard_alert_rule")
  public AlertRule createRule(@RequestBody(required = false) AlertRuleService.RuleSpec spec) {
    return rules.create(Callers.current(), spec);
  }

  @PatchMapping("/alert-rules/{id}")
  @Audited(value = "guard.alert_rule.update", target = "guard_alert_rule")
  public AlertRule updateRule(@PathVariable long id, @RequestBody(required = false) AlertRuleService.RuleSpec spec) {
    return rules.update(Callers.current(), id, spec);
  }

  @DeleteMapping("/alert-rules/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "guard.alert_rule.delete", target = "guard_alert_rule")
  public void deleteRule(@PathVariable long id) {
    rules.delete(Callers.current(), id);
  }

  @GetMapping("/alerts")
  public PageResult<Alert> alerts(@RequestParam(required = false) Boolean acknowledged,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return alerts.alerts(Callers.current(), acknowledged, PageQuery.of(page, size));
  }

  @PostMapping("/alerts/{id}/acknowledge")
  @Audited(value = "guard.alert.acknowledge", target = "guard_alert")
  public Alert acknowledge(@PathVariable long id) {
    return alerts.acknowledge(Callers.current(), id);
  }

  @GetMapping("/blocks")
  public PageResult<Block> blocks(@RequestParam(required = false) Boolean active,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return alerts.blocks(Callers.current(), active, PageQuery.of(page, size));
  }

  @DeleteMapping("/blocks/{id}")
  @Audited(value = "guard.block.lift", target = "guard_block")
  public Block lift(@PathVariable long id) {
    return alerts.lift(Callers.current(), id);
  }
}
