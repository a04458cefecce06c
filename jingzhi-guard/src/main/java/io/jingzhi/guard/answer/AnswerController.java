package io.jingzhi.guard.answer;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import jakarta.servlet.http.HttpServletRequest;

/** Canned answers (代答库): {@code /api/v1/guard/answers}. */
@RestController
@RequestMapping("/api/v1/guard/answers")
public class AnswerController {

  private final AnswerService service;

  public AnswerController(AnswerService service) {
    this.service = service;
  }

  @GetMapping
  public PageResult<CannedAnswer> list(@RequestParam(name = "tenant_id", required = false) String tenant,
      @RequestParam(required = false) String q, @RequestParam(required = false) String group,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return service.list(Callers.current(), tenant, q, group, PageQuery.of(page, size));
  }

  @GetMapping("/export")
  public ResponseEntity<String> export(@RequestParam(name = "tenant_id", required = false) String tenant) {
    String csv = AnswerCsv.write(service.export(Callers.current(), tenant));
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"guard-answers.csv\"")
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(csv);
  }

  @GetMapping("/{id}")
  public CannedAnswer get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "guard.answer.create", target = AnswerService.RESOURCE)
  public CannedAnswer create(@RequestBody AnswerSpec spec) {
    return service.create(Callers.current(), spec);
  }

  @PatchMapping("/{id}")
  @Audited(value = "guard.answer.update", target = AnswerService.RESOURCE)
  public CannedAnswer update(@PathVariable long id, @RequestBody AnswerSpec spec) {
    return service.update(Callers.current(), id, spec);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "guard.answer.delete", target = AnswerService.RESOURCE)
  public void delete(@PathVariable long id) {
    service.delete(Callers.current(), id);
  }

  /**
   * Imports a CSV file (multipart field {@code file}); rows are matched to stored answers by question. The tenant
   * is checked before the file is read, so another tenant's id answers 404 whatever is sent.
   */
  @PostMapping("/import")
  @Audited(value = "guard.answer.import", target = AnswerService.RESOURCE)
  public AnswerService.ImportResult importCsv(HttpServletRequest request,
      @RequestParam(name = "tenant_id", required = false) Long tenant) throws IOException {
    var caller = Callers.current();
    Long target = service.importTarget(caller, tenant);
    MultipartFile file = request instanceof MultipartHttpServletRequest multipart ? multipart.getFile("file") : null;
    if (file == null) {
      throw ApiException.invalid("file", "required: a CSV file sent as multipart/form-data field 'file'");
    }
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (var reader = new InputStreamReader(file.getInputStream(), decoder)) {
      return service.importRows(caller, target, AnswerCsv.read(reader));
    }
  }
}
