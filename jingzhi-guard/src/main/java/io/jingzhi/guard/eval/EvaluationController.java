package io.jingzhi.guard.eval;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/** Evaluation jobs (评测): upload a labelled JSONL set, follow its progress, cancel it, download its report. */
@RestController
@RequestMapping("/api/v1/guard/evaluations")
public class EvaluationController {

  static final String CSV_HEADER = "line,category,should_refuse,refused,correct,action,categories,text";

  private final EvaluationService service;
  private final JsonMapper json;

  public EvaluationController(EvaluationService service, JsonMapper json) {
    this.service = service;
    this.json = json;
  }

  /** Multipart form: {@code file} (the JSONL set), optional {@code name} and {@code direction} (input|output). */
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "guard.evaluation.create", target = "guard_evaluation")
  public Evaluation create(@RequestParam(name = "file", required = false) MultipartFile file,
      @RequestParam(required = false) String name, @RequestParam(required = false) String direction)
      throws IOException {
    return service.create(Callers.current(), file == null ? null : file.getOriginalFilename(),
        file == null ? null : file.getBytes(), name, direction);
  }

  @GetMapping
  public PageResult<Evaluation> list(@RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.list(Callers.current(), PageQuery.of(page, size));
  }

  @GetMapping("/{id}")
  public Evaluation get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PostMapping("/{id}/cancel")
  @Audited(value = "guard.evaluation.cancel", target = "guard_evaluation")
  public Evaluation cancel(@PathVariable long id) {
    return service.cancel(Callers.current(), id);
  }

  /** The report as JSON (summary with rates and misclassified rows) or CSV (every row with its outcome). */
  @GetMapping("/{id}/report")
  public void report(@PathVariable long id, @RequestParam(required = false) String format,
      HttpServletResponse response) throws IOException {
    String f = format == null || format.isBlank() ? "json" : format;
    if (!f.equals("json") && !f.equals("csv")) {
      throw ApiException.invalid("format", "must be json or csv");
    }
    if (f.equals("json")) {
      EvalSummary report = service.report(Callers.current(), id);
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response.setHeader("Content-Disposition", "attachment; filename=\"guard-evaluation-" + id + ".json\"");
      response.getOutputStream().write(json.writeValueAsBytes(report));
      return;
    }
    StringBuilder out = new StringBuilder("\uFEFF").append(CSV_HEADER).append('\n');
    service.rows(Callers.current(), id, (items, outcomes) -> {
      for (int i = 0; i < items.size() && i < outcomes.size(); i++) {
        EvalItem item = items.get(i);
        EvalOutcome o = outcomes.get(i);
        out.append(Stream.of(item.line(), item.category(), item.shouldRefuse(), o.refused(),
                o.refused() == item.shouldRefuse(), o.action(), String.join(" ", o.categories()), item.text())
            .map(EvaluationController::cell).collect(Collectors.joining(","))).append('\n');
      }
    });
    response.setContentType("text/csv;charset=UTF-8");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Content-Disposition", "attachment; filename=\"guard-evaluation-" + id + ".csv\"");
    PrintWriter writer = response.getWriter();
    writer.write(out.toString());
    writer.flush();
  }

  private static String cell(Object value) {
    String s = value.toString();
    if (!(value instanceof Number) && !(value instanceof Boolean) && !s.isEmpty()
        && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
