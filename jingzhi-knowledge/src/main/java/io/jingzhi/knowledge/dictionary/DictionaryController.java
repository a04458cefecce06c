package io.jingzhi.knowledge.dictionary;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Callers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import jakarta.servlet.http.HttpServletRequest;

/** Dictionaries of the knowledge hub: {@code /api/v1/knowledge-dictionaries}. */
@RestController
@RequestMapping("/api/v1/knowledge-dictionaries")
public class DictionaryController {

  private final DictionaryService service;
  private final StarterDictionary starter;

  public DictionaryController(DictionaryService service, StarterDictionary starter) {
    this.service = service;
    this.starter = starter;
  }

  @GetMapping
  public PageResult<Dictionary> list(@RequestParam(required = false) String q,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return service.list(Callers.current(), q, PageQuery.of(page, size));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "kb.dictionary.create", target = DictionaryService.RESOURCE)
  public Dictionary create(@RequestBody DictionarySpec spec) {
    return service.create(Callers.current(), spec);
  }

  /** Loads the shipped government dictionary for the caller's tenant (201), or answers the one loaded before (200). */
  @PostMapping("/starter")
  @Audited(value = "kb.dictionary.starter", target = DictionaryService.RESOURCE)
  public ResponseEntity<Dictionary> loadStarter(@RequestBody(required = false) Map<String, Long> body) {
    var result = service.loadStarter(Callers.current(), body == null ? null : body.get("tenant_id"),
        starter.entries());
    return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(result.dictionary());
  }

  @GetMapping("/{id}")
  public Dictionary get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PutMapping("/{id}")
  @Audited(value = "kb.dictionary.update", target = DictionaryService.RESOURCE)
  public Dictionary update(@PathVariable long id, @RequestBody DictionarySpec spec) {
    return service.update(Callers.current(), id, spec);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "kb.dictionary.delete", target = DictionaryService.RESOURCE)
  public void delete(@PathVariable long id) {
    service.delete(Callers.current(), id);
  }

  @GetMapping("/{id}/entries")
  public PageResult<DictionaryEntry> entries(@PathVariable long id, @RequestParam(required = false) String q,
      @RequestParam(required = false) String kind, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.entries(Callers.current(), id, q, kind, PageQuery.of(page, size));
  }

  @PostMapping("/{id}/entries")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "kb.dictionary.entry.create", target = DictionaryService.RESOURCE)
  public DictionaryEntry addEntry(@PathVariable long id, @RequestBody EntrySpec spec) {
    return service.addEntry(Callers.current(), id, spec);
  }

  @PutMapping("/{id}/entries/{entryId}")
  @Audited(value = "kb.dictionary.entry.update", target = DictionaryService.RESOURCE)
  public DictionaryEntry updateEntry(@PathVariable long id, @PathVariable long entryId,
      @RequestBody EntrySpec spec) {
    return service.updateEntry(Callers.current(), id, entryId, spec);
  }

  @DeleteMapping("/{id}/entries/{entryId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "kb.dictionary.entry.delete", target = DictionaryService.RESOURCE)
  public void deleteEntry(@PathVariable long id, @PathVariable long entryId) {
    service.deleteEntry(Callers.current(), id, entryId);
  }

  /**
   * Imports a CSV or XLSX file (multipart field {@code file}); {@code mode=replace} drops entries not in the file.
   * The dictionary is checked before the file is read, so another tenant's id answers 404 whatever is sent.
   */
  @PostMapping("/{id}/import")
  @Audited(value = "kb.dictionary.import", target = DictionaryService.RESOURCE)
  public DictionaryService.ImportResult importFile(@PathVariable long id, HttpServletRequest request,
      @RequestParam(defaultValue = "merge") String mode) throws IOException {
    var caller = Callers.current();
    service.requireWritable(caller, id);
    if (!mode.equals("merge") && !mode.equals("replace")) {
      throw ApiException.invalid("mode", "must be merge or replace");
    }
    MultipartFile file = request instanceof MultipartHttpServletRequest multipart ? multipart.getFile("file") : null;
    if (file == null || file.isEmpty()) {
      throw ApiException.invalid("file", "required: a CSV or XLSX file sent as multipart/form-data field 'file'");
    }
    return service.importEntries(caller, id, DictionaryFiles.read(file.getBytes()), mode.equals("replace"));
  }

  @GetMapping("/{id}/export")
  public ResponseEntity<byte[]> export(@PathVariable long id, @RequestParam(defaultValue = "csv") String format) {
    var entries = service.allEntries(Callers.current(), id);
    String name = "dictionary-" + id;
    return switch (format) {
      case "csv" -> ResponseEntity.ok()
          .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"")
          .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
          .body(DictionaryFiles.writeCsv(entries).getBytes(StandardCharsets.UTF_8));
      case "xlsx" -> ResponseEntity.ok()
          .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".xlsx\"")
          .contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
          .body(DictionaryFiles.writeXlsx(entries));
      default -> throw ApiException.invalid("format", "must be csv or xlsx");
    };
  }
}
