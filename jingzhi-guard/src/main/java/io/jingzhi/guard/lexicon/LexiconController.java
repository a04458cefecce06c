package io.jingzhi.guard.lexicon;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.guard.engine.GuardException;
import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import io.jingzhi.guard.engine.lexicon.LexiconIo;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Callers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
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
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Keyword banks: {@code /api/v1/guard/lexicons}, their entries, import/export and versions. */
@RestController
@RequestMapping("/api/v1/guard/lexicons")
public class LexiconController {

  /** Most entries one import may carry. */
  static final int MAX_IMPORT_ENTRIES = 300_000;
  static final MediaType XLSX =
      MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  private final LexiconService service;

  public LexiconController(LexiconService service) {
    this.service = service;
  }

  @GetMapping
  public List<LexiconBank> list() {
    return service.list(Callers.current());
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "guard.lexicon.create", target = "guard_lexicon")
  public LexiconBank create(@RequestBody LexiconService.BankSpec spec) {
    return service.create(Callers.current(), spec);
  }

  @GetMapping("/{id}")
  public LexiconBank get(@PathVariable long id) {
    return service.get(Callers.current(), id);
  }

  @PatchMapping("/{id}")
  @Audited(value = "guard.lexicon.update", target = "guard_lexicon")
  public LexiconBank update(@PathVariable long id, @RequestBody LexiconService.BankSpec spec) {
    return service.update(Callers.current(), id, spec);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "guard.lexicon.delete", target = "guard_lexicon")
  public void delete(@PathVariable long id) {
    service.delete(Callers.current(), id);
  }

  @GetMapping("/{id}/entries")
  public PageResult<EntryView> entries(@PathVariable long id, @RequestParam(required = false) String q,
      @RequestParam(name = "risk_type", required = false) String riskType,
      @RequestParam(required = false) String kind, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return service.entries(Callers.current(), id, q, riskType, kind, PageQuery.of(page, size));
  }

  @PostMapping("/{id}/entries")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "guard.lexicon.entry.create", target = "guard_lexicon")
  public EntryView addEntry(@PathVariable long id, @RequestBody EntrySpec spec) {
    return service.addEntry(Callers.current(), id, spec);
  }

  @PatchMapping("/{id}/entries/{entryId}")
  @Audited(value = "guard.lexicon.entry.update", target = "guard_lexicon")
  public EntryView updateEntry(@PathVariable long id, @PathVariable long entryId, @RequestBody EntrySpec spec) {
    return service.updateEntry(Callers.current(), id, entryId, spec);
  }

  @DeleteMapping("/{id}/entries/{entryId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "guard.lexicon.entry.delete", target = "guard_lexicon")
  public void deleteEntry(@PathVariable long id, @PathVariable long entryId) {
    service.deleteEntry(Callers.current(), id, entryId);
  }

  /**
   * Imports a CSV (UTF-8) or XLSX file (told apart by content). The whole file is read and checked before anything
   * changes: a bad row rejects the import with its row number and the bank stays as it was.
   */
  @PostMapping("/{id}/import")
  @Audited(value = "guard.lexicon.import", target = "guard_lexicon")
  public LexiconService.ImportResult importFile(@PathVariable long id,
      @RequestPart(name = "file", required = false) MultipartFile file,
      @RequestParam(name = "mode", required = false) String mode) {
    Caller caller = Callers.current();
    service.get(caller, id); // permission and tenant first: another tenant's bank is 404 whatever is sent
    boolean replace = switch (mode == null ? "append" : mode) {
      case "append" -> false;
      case "replace" -> true;
      default -> throw ApiException.invalid("mode", "must be append or replace");
    };
    if (file == null || file.isEmpty()) {
      throw ApiException.invalid("file", "send the CSV or XLSX file as the multipart part 'file'");
    }
    List<LexiconEntry> entries = parse(file);
    if (replace && entries.isEmpty()) {
      // Replacing a bank with nothing is almost always a wrong file; entries are removed one by one instead.
      throw ApiException.badRequest("guard.lexicon.import_empty", "The file has no entries: a replace would empty"
          + " the bank");
    }
    if (entries.size() > MAX_IMPORT_ENTRIES) {
      throw ApiException.badRequest("guard.lexicon.import_too_large",
          "An import holds at most " + MAX_IMPORT_ENTRIES + " entries; this file has " + entries.size());
    }
    String name = file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename();
    return service.importEntries(caller, id, entries, replace, name);
  }

  @GetMapping("/{id}/export")
  public ResponseEntity<byte[]> export(@PathVariable long id,
      @RequestParam(required = false, defaultValue = "csv") String format) {
    Caller caller = Callers.current();
    LexiconBank bank = service.get(caller, id);
    if (!format.equals("csv") && !format.equals("xlsx")) {
      throw ApiException.invalid("format", "must be csv or xlsx");
    }
    List<LexiconEntry> entries = service.exportEntries(caller, id);
    var out = new ByteArrayOutputStream();
    MediaType type;
    if (format.equals("xlsx")) {
      LexiconIo.writeXlsx(entries, out);
      type = XLSX;
    } else {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // BOM: Excel then reads UTF-8
      var writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      LexiconIo.writeCsv(entries, writer);
      type = new MediaType("text", "csv", StandardCharsets.UTF_8);
    }
    String fileName = "lexicon-" + id + "-v" + bank.currentVersion() + "." + format;
    return ResponseEntity.ok().contentType(type)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build()
            .toString())
        .body(out.toByteArray());
  }

  @GetMapping("/{id}/versions")
  public List<LexiconVersion> versions(@PathVariable long id) {
    return service.versions(Callers.current(), id);
  }

  @PostMapping("/{id}/versions/{version}/restore")
  @Audited(value = "guard.lexicon.restore", target = "guard_lexicon")
  public LexiconBank restore(@PathVariable long id, @PathVariable int version) {
    return service.restore(Callers.current(), id, version);
  }

  private static List<LexiconEntry> parse(MultipartFile file) {
    byte[] bytes;
    try {
      bytes = file.getBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
        return LexiconIo.readXlsx(new ByteArrayInputStream(bytes));
      }
      return LexiconIo.readCsv(new StringReader(utf8(bytes)));
    } catch (GuardException e) {
      throw ApiException.badRequest("guard.lexicon.import_invalid", e.getMessage());
    }
  }

  /** The text of a UTF-8 file without its BOM; anything else is refused rather than guessed. */
  private static String utf8(byte[] bytes) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("guard.lexicon.import_invalid",
          "The file is neither an XLSX workbook nor UTF-8 text; save the CSV as UTF-8");
    }
  }
}
