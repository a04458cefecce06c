package io.jingzhi.iam.audit;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Callers;
import io.jingzhi.iam.api.Permissions;
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

/** The audit trail: search, CSV export and chain verification, for the audit administrator. */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final AuditService service;

  public AuditController(AuditService service) {
    this.service = service;
  }

  @GetMapping("/events")
  public PageResult<AuditEvent> events(
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String target,
      @RequestParam(required = false) String result,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.search(Callers.current(), new AuditRepository.Filter(actor, action, target, result, from, to),
        PageQuery.of(page, size));
  }

  @GetMapping("/events/export")
  public void export(
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String target,
      @RequestParam(required = false) String result,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      HttpServletResponse response) throws IOException {
    var caller = Callers.current();
    // Before the CSV headers and first lines are written: afterwards a refusal can no longer become a problem.
    caller.require(Permissions.AUDIT_EXPORT);
    var filter = new AuditRepository.Filter(actor, action, target, result, from, to);
    response.setContentType("text/csv;charset=UTF-8");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Content-Disposition",
        "attachment; filename=\"jingzhi-audit-" + STAMP.format(Instant.now()) + ".csv\"");
    PrintWriter out = response.getWriter();
    out.write('\uFEFF'); // Excel reads UTF-8 (Chinese names) only with a byte order mark
    out.println("id,occurred_at,actor_id,actor_name,source_ip,action,target_type,target_id,target_name,result,"
        + "detail,before,after,request_id,hash");
    service.export(caller, filter, e -> out.println(String.join(",", csv(e.id()), csv(e.occurredAt()),
        csv(e.actorId()), csv(e.actorName()), csv(e.sourceIp()), csv(e.action()), csv(e.targetType()),
        csv(e.targetId()), csv(e.targetName()), csv(e.result()), csv(e.detail()), csv(e.before()), csv(e.after()),
        csv(e.requestId()), csv(e.hash()))));
    out.flush();
    if (out.checkError()) {
      throw new UncheckedIOException(new IOException("client went away during export"));
    }
  }

  @GetMapping("/verify")
  public AuditService.Verification verify() {
    return service.verify(Callers.current());
  }

  static String csv(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    // A leading =, +, - or @ would be run as a formula by spreadsheets: neutralise it.
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
