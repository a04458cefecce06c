package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentCallers;

import io.jingzhi.iam.api.Audited;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** App archives: export ({@code GET /api/v1/apps/{code}/export}) and import ({@code POST /api/v1/apps/import}). */
@RestController
public class ArchiveController {

  private final AppArchives archives;

  public ArchiveController(AppArchives archives) {
    this.archives = archives;
  }

  @GetMapping("/api/v1/apps/{code}/export")
  public ResponseEntity<byte[]> export(@PathVariable String code) {
    byte[] tar = archives.export(AgentCallers.user(), code);
    return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-tar"))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(code + ".tar").build()
            .toString())
        .body(tar);
  }

  @PostMapping("/api/v1/apps/import")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "agent.app.import", target = "agent_app")
  public AppArchives.Imported importArchive(@RequestParam(value = "file", required = false) MultipartFile file,
      @RequestParam(required = false) String project, @RequestParam(required = false) String code) {
    // Who and where are checked before the file is looked at: another tenant's project answers 404 either way.
    var caller = AgentCallers.user();
    return archives.importArchive(caller, project, code, () -> {
      if (file == null) {
        throw io.jingzhi.common.error.ApiException.invalid("file", "required: the app archive (.tar)");
      }
      if (file.getSize() > AppArchive.MAX_BYTES) {
        throw AppArchive.refused("app_archive.too_large", "The archive is larger than 10 MB");
      }
      try {
        return file.getBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
