package io.jingzhi.knowledge.ingest;

import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.knowledge.KnowledgeCallers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.databind.node.ObjectNode;

/** Uploads, imports, reprocessing, rebuilds and the jobs they start. */
@RestController
public class IngestController {

  private final Uploads uploads;
  private final JobService jobs;

  public IngestController(Uploads uploads, JobService jobs) {
    this.uploads = uploads;
    this.jobs = jobs;
  }

  record ImportBody(String kind, @Size(max = 2000) String url, @Size(max = 2000) String jdbcUrl,
      @Size(max = 200) String username, @Size(max = 500) String password, @Size(max = 10_000) String query,
      @Size(max = 100) List<String> textColumns, @Size(max = 100) List<String> metadataColumns,
      @Size(max = 200) String idColumn, ObjectNode metadata) {}

  /** A multipart part as a file of an upload. */
  private record Part(MultipartFile file) implements Uploads.Incoming {
    @Override
    public String filename() {
      return file.getOriginalFilename();
    }

    @Override
    public long size() {
      return file.getSize();
    }

    @Override
    public InputStream open() throws IOException {
      return file.getInputStream();
    }
  }

  @PostMapping("/api/v1/knowledge-bases/{kbId}/documents")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Audited(value = "kb.document.upload", target = "knowledge_base")
  public Uploads.UploadResult upload(@PathVariable long kbId, HttpServletRequest request,
      @RequestParam(name = "metadata", required = false) String metadata) {
    var caller = KnowledgeCallers.user();
    List<Part> files = request instanceof MultipartHttpServletRequest multipart
        ? multipart.getFiles("file").stream().map(Part::new).toList() : null;
    return uploads.upload(caller, kbId, files, metadata);
  }

  @PostMapping("/api/v1/knowledge-bases/{kbId}/imports")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Audited(value = "kb.import", target = "knowledge_base")
  public Job startImport(@PathVariable long kbId, @Valid @RequestBody ImportBody b) {
    return jobs.startImport(KnowledgeCallers.user(), kbId, new JobService.ImportRequest(b.kind(), b.url(),
        b.jdbcUrl(), b.username(), b.password(), b.query(), b.textColumns(), b.metadataColumns(), b.idColumn(),
        b.metadata()));
  }

  @PostMapping("/api/v1/knowledge-bases/{kbId}/documents/{docId}/reprocess")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Audited(value = "kb.document.reprocess", target = "knowledge_document")
  public Job reprocess(@PathVariable long kbId, @PathVariable long docId) {
    return jobs.reprocess(KnowledgeCallers.user(), kbId, docId);
  }

  @PostMapping("/api/v1/knowledge-bases/{kbId}/rebuild")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Audited(value = "kb.rebuild", target = "knowledge_base")
  public Job rebuild(@PathVariable long kbId) {
    return jobs.rebuild(KnowledgeCallers.user(), kbId);
  }

  @GetMapping("/api/v1/knowledge-bases/{kbId}/jobs")
  public PageResult<Job> list(@PathVariable long kbId, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return jobs.list(KnowledgeCallers.user(), kbId, PageQuery.of(page, size));
  }

  @GetMapping("/api/v1/knowledge-jobs/{jobId}")
  public Job get(@PathVariable long jobId) {
    return jobs.get(KnowledgeCallers.user(), jobId);
  }

  @PostMapping("/api/v1/knowledge-jobs/{jobId}/pause")
  @Audited(value = "kb.job.pause", target = "knowledge_job")
  public Job pause(@PathVariable long jobId) {
    return jobs.pause(KnowledgeCallers.user(), jobId);
  }

  @PostMapping("/api/v1/knowledge-jobs/{jobId}/resume")
  @Audited(value = "kb.job.resume", target = "knowledge_job")
  public Job resume(@PathVariable long jobId) {
    return jobs.resume(KnowledgeCallers.user(), jobId);
  }

  @PostMapping("/api/v1/knowledge-jobs/{jobId}/cancel")
  @Audited(value = "kb.job.cancel", target = "knowledge_job")
  public Job cancel(@PathVariable long jobId) {
    return jobs.cancel(KnowledgeCallers.user(), jobId);
  }

  @PostMapping("/api/v1/knowledge-jobs/{jobId}/retry")
  @Audited(value = "kb.job.retry", target = "knowledge_job")
  public Job retry(@PathVariable long jobId) {
    return jobs.retry(KnowledgeCallers.user(), jobId);
  }
}
