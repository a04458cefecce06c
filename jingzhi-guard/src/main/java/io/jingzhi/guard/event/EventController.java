package io.jingzhi.guard.event;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Callers;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Guard events (安全审计): search, one event with its findings, CSV export. */
@RestController
@RequestMapping("/api/v1/guard/events")
public class EventController {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);

  private final EventService service;

  public EventController(EventService service) {
    this.service = service;
  }

  @GetMapping
  public PageResult<GuardEvent> search(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(name = "tenant_id", required = false) Long tenantId,
      @RequestParam(name = "user_id", required = false) Long userId,
      @RequestParam(required = false) String username,
      @RequestParam(name = "app_id", required = false) Long appId,
      @RequestParam(required = false) String model,
      @RequestParam(name = "risk_type", required = false) String riskType,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String direction,
      @RequestParam(required = false) String channel,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.search(Callers.current(), new EventFilter(from, to, tenantId, userId, username, appId, model,
        riskType, action, direction, channel), PageQuery.of(page, size));
  }

  @GetMapping("/{id}")
  public GuardEvent get(@PathVariable String id) {
    return service.get(Callers.current(), id);
  }

  @GetMapping("/export")
  public void export(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(name = "tenant_id", required = false) Long tenantId,
      @RequestParam(name = "user_id", required = false) Long userId,
      @RequestParam(required = false) String username,
      @RequestParam(name = "app_id", required = false) Long appId,
      @RequestParam(required = false) String model,
      @RequestParam(name = "risk_type", required = false) String riskType,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String direction,
      @RequestParam(required = false) String channel,
      HttpServletResponse response) throws IOException {
    // Authorized before the first byte: afterwards a refusal could no longer become a problem response.
    EventFilter filter = service.authorize(Callers.current(), new EventFilter(from, to, tenantId, userId, username,
        appId, model, riskType, action, direction, channel));
    response.setContentType("text/csv;charset=UTF-8");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Content-Disposition",
        "attachment; filename=\"jingzhi-guard-events-" + STAMP.format(Instant.now()) + ".csv\"");
    PrintWriter out = response.getWriter();
    out.write('\uFEFF'); // Excel reads UTF-8 (Chinese text) only with a byte order mark
    out.println(EventCsv.HEADER);
    service.export(filter, e -> out.println(EventCsv.line(e)));
    out.flush();
    if (out.checkError()) {
      throw new UncheckedIOException(new IOException("client went away during export"));
    }
  }
}
