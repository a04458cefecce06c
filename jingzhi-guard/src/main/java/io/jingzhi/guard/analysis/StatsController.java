package io.jingzhi.guard.analysis;

import io.jingzhi.iam.api.Callers;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Risk analysis (风险分析): statistics with baseline, top risky users and apps, user risk profiles. */
@RestController
@RequestMapping("/api/v1/guard")
public class StatsController {

  private final StatsService service;

  public StatsController(StatsService service) {
    this.service = service;
  }

  @GetMapping("/stats")
  public GuardStats stats(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(required = false) String bucket,
      @RequestParam(name = "group_by", required = false) String groupBy,
      @RequestParam(required = false) String zone,
      @RequestParam(name = "tenant_id", required = false) Long tenantId,
      @RequestParam(name = "app_id", required = false) Long appId,
      @RequestParam(required = false) String model,
      @RequestParam(required = false) String direction,
      @RequestParam(required = false) String channel) {
    return service.stats(Callers.current(), from, to, bucket, groupBy, zone,
        new StatsService.Scope(tenantId, appId, model, direction, channel));
  }

  @GetMapping("/stats/top")
  public List<TopEntry> top(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(required = false) String by,
      @RequestParam(required = false) Integer limit,
      @RequestParam(name = "tenant_id", required = false) Long tenantId,
      @RequestParam(required = false) String model,
      @RequestParam(required = false) String direction,
      @RequestParam(required = false) String channel) {
    return service.top(Callers.current(), from, to, by, limit,
        new StatsService.Scope(tenantId, null, model, direction, channel));
  }

  @GetMapping("/users/{userId}/risk-profile")
  public RiskProfile profile(@PathVariable long userId, @RequestParam(required = false) Integer days) {
    return service.profile(Callers.current(), userId, days);
  }
}
