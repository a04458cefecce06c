package io.jingzhi.gateway.metering;

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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Usage of the gateway: records, summaries grouped by model, tenant, project, app, key, day or hour, and CSV. */
@RestController
@RequestMapping("/api/v1/usage")
public class UsageController {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);

  private final UsageService service;

  public UsageController(UsageService service) {
    this.service = service;
  }

  @GetMapping("/records")
  public PageResult<UsageRecord> records(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(name = "tenant_id", required = false) Long tenantId,
      @RequestParam(name = "project_id", required = false) Long projectId,
      @RequestParam(name = "app_id", required = false) Long appId,
      @RequestParam(required = false) String model,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.records(Callers.current(), new UsageFilter(from, to, tenantId, projectId, appId, model, status),
        PageQuery.of(page, size));
  }

  @GetMapping("/summary")
  public UsageSummary summary(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(name = "group_by", required = false) String groupBy,
      @RequestParam(name = "tenant_id", required = false) Long tenantId,
      @RequestParam(name = "project_id", required = false) Long projectId,
      @RequestParam(name = "app_id", required = false) Long appId,
      @RequestParam(required = false) String model,
      @RequestParam(required = false) String status) {
    return service.summary(Callers.current(), new UsageFilter(from, to, tenantId, projectId, appId, model, status),
        groupBy);
  }

  @GetMapping("/export")
  public void export(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(name = "tenant_id", required = false) Long tenantId,
      @RequestParam(name = "project_id", required = false) Long projectId,
      @RequestParam(name = "app_id", required = false) Long appId,
      @RequestParam(required = false) String model,
      @RequestParam(required = false) String status,
      HttpServletResponse response) throws IOException {
    // Authorized before the first byte: afterwards a refusal could no longer become a problem response.
    UsageFilter filter = service.authorize(Callers.current(),
        new UsageFilter(from, to, tenantId, projectId, appId, model, status));
    response.setContentType("text/csv;charset=UTF-8");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Content-Disposition",
        "attachment; filename=\"jingzhi-usage-" + STAMP.format(Instant.now()) + ".csv\"");
    PrintWriter out = response.getWriter();
    out.write('\uFEFF'); // Excel reads UTF-8 (Chinese names) only with a byte order mark
    out.println(UsageCsv.HEADER);
    service.export(filter, r -> out.println(UsageCsv.line(r)));
    out.flush();
    if (out.checkError()) {
      throw new UncheckedIOException(new IOException("client went away during export"));
    }
  }
}
