package io.jingzhi.server.knowledge;

import static io.jingzhi.server.knowledge.KnowledgeClient.file;
import static io.jingzhi.server.support.IamFixtures.unique;
import static io.jingzhi.server.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.knowledge.KnowledgeClient.FilePart;
import io.jingzhi.server.support.IamFixtures.Tenant;
import io.jingzhi.server.support.ServerIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The knowledge hub end to end on the real server (H2, the real parser, chunkers, Lucene index and the in-process
 * bge-small-zh embedding model): bases, uploads with good and bad files, jobs, documents, retrieval, chunks,
 * tenant isolation and sharing.
 */
@TestPropertySource(properties = {"jingzhi.knowledge.max-file-size=64KB", "jingzhi.knowledge.ingest-workers=1"})
class KnowledgeBaseIT extends ServerIT {

  private KnowledgeClient kb;

  @Autowired
  private Environment env;

  @Autowired
  private ApplicationContext context;

  record World(Tenant a, Tenant b, String aDev, String aAdmin, String bDev, String aProject, String bProject,
      long aSubOrg) {}

  private static World shared;
  private static int sharedPort;
  private World w;

  @BeforeEach
  void world() {
    kb = new KnowledgeClient(api, port);
    if (shared == null || sharedPort != port) {
      Tenant a = fx.tenant("kb-a");
      Tenant b = fx.tenant("kb-b");
      String aAdmin = fx.login(a.adminName());
      String bAdmin = fx.login(b.adminName());
      String aProject = unique("kb-proj-a");
      api.post("/api/v1/projects", aAdmin, map("code", aProject, "name", "甲项目", "org_id", a.orgId()));
      String bProject = unique("kb-proj-b");
      api.post("/api/v1/projects", bAdmin, map("code", bProject, "name", "乙项目", "org_id", b.orgId()));
      long aSub = fx.createOrg(aAdmin, unique("kb-a-sub"), "甲处", a.orgId(), false);
      shared = new World(a, b, fx.login(a.devName()), aAdmin, fx.login(b.devName()), aProject, bProject, aSub);
      sharedPort = port;
    }
    w = shared;
  }

  @Test
  void uploadIngestRetrieveEditAndDelete() {
    JsonNode base = kb.createBase(w.aDev(), w.aProject(), map("code", unique("kb"),
        "retrieval", map("mode", "hybrid", "top_k", 3)));
    long kbId = base.get("id").asLong();
    assertThat(base.get("embedding_model").asString()).isEqualTo("bge-small-zh-v1.5");
    assertThat(base.get("embedding_dimension").asInt()).isEqualTo(512);
    assertThat(base.get("project_code").asString()).isEqualTo(w.aProject());
    assertThat(base.get("tenant_id").asLong()).isEqualTo(w.a().orgId());
    assertThat(base.get("chunking").get("max_chars").asInt()).isPositive();

    byte[] tooLarge = "补贴".repeat(40_000).getBytes(StandardCharsets.UTF_8);
    var upload = kb.upload(kbId, w.aDev(), List.of(
        FilePart.text("policy.md", KnowledgeDocs.POLICY),
        FilePart.text("guide.md", KnowledgeDocs.GUIDE),
        FilePart.text("faq.md", KnowledgeDocs.FAQ),
        FilePart.text("records.jsonl", KnowledgeDocs.JSONL),
        FilePart.text("stations.csv", KnowledgeDocs.CSV),
        new FilePart("broken.pdf", "%PDF-1.7\n this is not really a pdf \u0000\u0001".getBytes(StandardCharsets.UTF_8)),
        new FilePart("empty.txt", new byte[0]),
        FilePart.text("policy-copy.md", KnowledgeDocs.POLICY),
        new FilePart("huge.txt", tooLarge)),
        "{\"issuing_unit\": \"市人社局\", \"domain\": \"就业\", \"publish_date\": \"2026-01-01\", \"tags\": [\"补贴\"]}");
    assertThat(upload.status()).as("upload: %s", upload).isEqualTo(202);
    var docs = upload.json().get("documents");
    assertThat(docs.size()).isEqualTo(9);
    JsonNode copy = docs.get(7);
    assertThat(copy.get("duplicate_of").asLong()).isEqualTo(docs.get(0).get("id").asLong());
    assertThat(copy.get("id").isNull()).isTrue();
    assertThat(docs.get(8).get("error_code").asString()).isEqualTo("too_large");
    assertThat(docs.get(6).get("error_code").asString()).isEqualTo("empty");

    JsonNode job = kb.awaitJob(upload.json().get("job_id").asLong(), w.aDev(), "succeeded", "failed");
    assertThat(job.get("state").asString()).as("job %s", job).isEqualTo("succeeded");
    assertThat(job.get("total").asInt()).isEqualTo(9);
    assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
    for (String ok : List.of("policy.md", "guide.md", "faq.md", "records.jsonl", "stations.csv")) {
      assertThat(file(job, ok).get("state").asString()).as("%s in %s", ok, job).isEqualTo("succeeded");
    }
    assertThat(file(job, "broken.pdf").get("state").asString()).isEqualTo("failed");
    assertThat(file(job, "broken.pdf").get("error_code").asString()).isNotBlank();
    assertThat(file(job, "broken.pdf").get("error").asString()).isNotBlank();
    assertThat(file(job, "policy-copy.md").get("state").asString()).isEqualTo("skipped");
    assertThat(file(job, "policy-copy.md").get("error_code").asString()).isEqualTo("duplicate");
    assertThat(file(job, "huge.txt").get("state").asString()).isEqualTo("failed");
    assertThat(job.get("failed").asInt()).isEqualTo(3);

    long policyId = docs.get(0).get("id").asLong();
    var policy = api.get("/api/v1/knowledge-bases/" + kbId + "/documents/" + policyId, w.aDev()).json();
    assertThat(policy.get("status").asString()).isEqualTo("ready");
    assertThat(policy.get("chunk_count").asInt()).isPositive();
    assertThat(policy.get("metadata").get("issuing_unit").asString()).isEqualTo("市人社局");
    assertThat(policy.get("content_hash").asString()).hasSize(64);
    // A chapter's title is found though no article repeats it: 附则 finds the article of 第三章 附则.
    var chapter = kb.retrieve(kbId, w.aDev(), map("query", "附则", "mode", "fulltext", "top_k", 1,
        "filters", map("document_id", policyId)));
    assertThat(chapter.json().get("chunks").get(0).get("text").asString()).as("附则: %s", chapter)
        .contains("第五条").doesNotContain("附则");
    var broken = api.get("/api/v1/knowledge-bases/" + kbId + "/documents/" + docs.get(5).get("id").asLong(),
        w.aDev()).json();
    assertThat(broken.get("status").asString()).isEqualTo("failed");
    assertThat(broken.get("error").asString()).isNotBlank();
    var listed = api.get("/api/v1/knowledge-bases/" + kbId + "/documents?status=ready", w.aDev()).json();
    assertThat(listed.get("total").asInt()).isEqualTo(5);
    assertThat(api.get("/api/v1/knowledge-bases/" + kbId, w.aDev()).json().get("document_count").asInt())
        .isEqualTo(6);

    // Retrieval in every mode finds the subsidy article.
    for (String mode : List.of("hybrid", "vector", "fulltext")) {
      var res = kb.retrieve(kbId, w.aDev(), map("query", "一次性创业补贴每户多少钱", "mode", mode, "top_k", 3));
      assertThat(res.status()).as("%s: %s", mode, res).isEqualTo(200);
      assertThat(res.text("mode")).isEqualTo(mode);
      var chunks = res.json().get("chunks");
      assertThat(chunks.size()).as("%s: %s", mode, res).isBetween(1, 3);
      assertThat(chunks.get(0).get("text").asString()).as("%s top hit", mode).contains("5000元");
      assertThat(chunks.get(0).get("document_id").asLong()).isEqualTo(policyId);
      assertThat(chunks.get(0).get("kb_id").asLong()).isEqualTo(kbId);
    }
    // JSONL: the line's id comes back as metadata.id.
    var business = kb.retrieve(kbId, w.aDev(), map("query", "营业执照网上办理要几天", "top_k", 1));
    assertThat(business.json().get("chunks").get(0).get("metadata").get("id").asString()).isEqualTo("faq-001");
    // Filters apply inside the search: nothing of another domain.
    var filtered = kb.retrieve(kbId, w.aDev(), map("query", "营业执照", "top_k", 5,
        "filters", map("domain", "市场监管")));
    assertThat(filtered.json().get("chunks").valueStream().map(c -> c.get("metadata").get("domain").asString()))
        .isNotEmpty().containsOnly("市场监管");
    // A threshold above every score leaves nothing.
    var none = kb.retrieve(kbId, w.aDev(), map("query", "一次性创业补贴", "mode", "vector", "score_threshold", 0.995));
    assertThat(none.json().get("chunks").size()).isZero();
    // Parameters that cannot mean anything are refused, naming the field, instead of being bent into shape.
    for (var bad : List.of(map("score_threshold", 1e9), map("score_threshold", -0.5), map("top_k", 1.5),
        map("rerank", true))) {
      bad.put("query", "一次性创业补贴");
      var refused = kb.retrieve(kbId, w.aDev(), bad);
      assertThat(refused.status()).as("%s → %s", bad, refused).isEqualTo(400);
      String field = bad.keySet().stream().filter(k -> !k.equals("query")).findFirst().orElseThrow();
      assertThat(refused.json().at("/errors/0/field").asString()).as(refused.toString()).isEqualTo(field);
    }

    // Disabling the chunk removes it from results; enabling brings it back.
    var hit = kb.retrieve(kbId, w.aDev(), map("query", "一次性创业补贴每户多少钱", "top_k", 1)).json()
        .get("chunks").get(0);
    long chunkId = hit.get("id").asLong();
    var off = api.patch("/api/v1/knowledge-bases/" + kbId + "/chunks/" + chunkId, w.aDev(), map("enabled", false));
    assertThat(off.status()).as("disable: %s", off).isEqualTo(200);
    assertThat(off.json().get("enabled").asBoolean()).isFalse();
    for (String mode : List.of("hybrid", "vector", "fulltext")) {
      var after = kb.retrieve(kbId, w.aDev(), map("query", "一次性创业补贴每户多少钱", "mode", mode, "top_k", 5));
      assertThat(after.json().get("chunks").valueStream().map(c -> c.get("id").asLong())).as(mode)
          .doesNotContain(chunkId);
    }
    var disabled = api.get("/api/v1/knowledge-bases/" + kbId + "/chunks?enabled=false", w.aDev()).json();
    assertThat(disabled.get("items").valueStream().map(c -> c.get("id").asLong())).containsExactly(chunkId);
    api.patch("/api/v1/knowledge-bases/" + kbId + "/chunks/" + chunkId, w.aDev(), map("enabled", true));
    // Editing a chunk's text re-embeds and re-indexes it.
    var edited = api.patch("/api/v1/knowledge-bases/" + kbId + "/chunks/" + chunkId, w.aDev(),
        map("text", "第三条 一次性创业补贴。首次创业的，给予每户8000元的一次性创业补贴。"));
    assertThat(edited.status()).as("edit: %s", edited).isEqualTo(200);
    var afterEdit = kb.retrieve(kbId, w.aDev(), map("query", "一次性创业补贴每户多少钱", "mode", "fulltext",
        "top_k", 1)).json().get("chunks").get(0);
    assertThat(afterEdit.get("text").asString()).contains("8000元");

    // Preview and download count; the quality report is there.
    var preview = api.get("/api/v1/knowledge-bases/" + kbId + "/documents/" + policyId + "/preview", w.aDev());
    assertThat(preview.status()).as("preview: %s", preview).isEqualTo(200);
    assertThat(preview.text("text")).contains("一次性创业补贴");
    var original = kb.download("/api/v1/knowledge-bases/" + kbId + "/documents/" + policyId + "/original", w.aDev());
    assertThat(original.statusCode()).isEqualTo(200);
    assertThat(new String(original.body(), StandardCharsets.UTF_8)).isEqualTo(KnowledgeDocs.POLICY);
    var counted = api.get("/api/v1/knowledge-bases/" + kbId + "/documents/" + policyId, w.aDev()).json();
    assertThat(counted.get("views").asInt()).isEqualTo(1);
    assertThat(counted.get("downloads").asInt()).isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from kb_document_event where document_id = :d and kind = 'hit'")
        .param("d", policyId).query(Long.class).single()).isPositive();
    var quality = api.get("/api/v1/knowledge-bases/" + kbId + "/documents/" + policyId + "/quality", w.aDev());
    assertThat(quality.status()).as("quality: %s", quality).isEqualTo(200);
    assertThat(quality.json().get("score").asInt()).isBetween(0, 100);
    assertThat(quality.json().get("document_id").asLong()).isEqualTo(policyId);

    // Another tenant sees nothing of it.
    assertProblem(api.get("/api/v1/knowledge-bases/" + kbId, w.bDev()), 404, "knowledge_base.not_found");
    assertProblem(kb.retrieve(kbId, w.bDev(), map("query", "补贴")), 404, "knowledge_base.not_found");
    assertProblem(api.delete("/api/v1/knowledge-bases/" + kbId + "/documents/" + policyId, w.bDev()), 404,
        "knowledge_base.not_found");
    assertThat(api.get("/api/v1/knowledge-bases", w.bDev()).json().get("items").valueStream()
        .map(b -> b.get("id").asLong())).doesNotContain(kbId);

    // Deleting the document removes it from retrieval.
    assertThat(api.delete("/api/v1/knowledge-bases/" + kbId + "/documents/" + policyId, w.aDev()).status())
        .isEqualTo(204);
    for (String mode : List.of("hybrid", "vector", "fulltext")) {
      var gone = kb.retrieve(kbId, w.aDev(), map("query", "一次性创业补贴每户多少钱", "mode", mode, "top_k", 5));
      assertThat(gone.json().get("chunks").valueStream().map(c -> c.get("document_id").asLong())).as(mode)
          .doesNotContain(policyId);
    }
    assertProblem(api.get("/api/v1/knowledge-bases/" + kbId + "/documents/" + policyId, w.aDev()), 404,
        "document.not_found");
    // The copy is no duplicate any more: uploaded again it is ingested.
    var again = kb.upload(kbId, w.aDev(), List.of(FilePart.text("policy-copy.md", KnowledgeDocs.POLICY)), null);
    assertThat(again.json().get("documents").get(0).get("duplicate_of").isNull()).isTrue();
  }

  @Test
  void pauseResumeCancelAndRetry() {
    long kbId = kb.createBase(w.aDev(), w.aProject(), map()).get("id").asLong();
    // One worker: a long first job keeps the next ones queued while they are paused and cancelled.
    List<FilePart> many = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      many.add(FilePart.text("long-" + i + ".md", KnowledgeDocs.POLICY.replace("测试", "测试" + i) + "\n第六条 编号" + i
          + "。\n" + KnowledgeDocs.GUIDE.replace("测试", "测试" + i)));
    }
    var firstUpload = kb.upload(kbId, w.aDev(), many, null);
    assertThat(firstUpload.status()).as("60 files at once: %s", firstUpload).isEqualTo(202);
    long first = firstUpload.json().get("job_id").asLong();
    long second = kb.upload(kbId, w.aDev(), List.of(FilePart.text("second.md", KnowledgeDocs.FAQ)), null).json()
        .get("job_id").asLong();
    long third = kb.upload(kbId, w.aDev(), List.of(FilePart.text("third.md", KnowledgeDocs.GUIDE)), null).json()
        .get("job_id").asLong();

    var paused = api.post("/api/v1/knowledge-jobs/" + second + "/pause", w.aDev(), null);
    assertThat(paused.status()).as("pause: %s", paused).isEqualTo(200);
    assertThat(paused.text("state")).isEqualTo("paused");
    var cancelled = api.post("/api/v1/knowledge-jobs/" + third + "/cancel", w.aDev(), null);
    assertThat(cancelled.text("state")).isEqualTo("cancelled");
    assertThat(cancelled.json().get("files").get(0).get("state").asString()).isEqualTo("skipped");
    assertProblem(api.post("/api/v1/knowledge-jobs/" + third + "/resume", w.aDev(), null), 409,
        "knowledge_job.state");

    // Pausing the running job stops it between files; resuming finishes it without redoing finished files.
    var pausedFirst = api.post("/api/v1/knowledge-jobs/" + first + "/pause", w.aDev(), null);
    assertThat(pausedFirst.text("state")).isEqualTo("paused");
    JsonNode stopped = kb.awaitJob(first, w.aDev(), "paused");
    int doneAtPause = stopped.get("done").asInt();
    sleep(500);
    assertThat(kb.awaitJob(first, w.aDev(), "paused").get("done").asInt()).as("no progress while paused")
        .isLessThanOrEqualTo(doneAtPause + 1);
    assertThat(doneAtPause).isLessThan(60);
    assertThat(api.post("/api/v1/knowledge-jobs/" + first + "/resume", w.aDev(), null).text("state"))
        .isEqualTo("queued");
    JsonNode finished = kb.awaitJob(first, w.aDev(), "succeeded", "failed");
    assertThat(finished.get("state").asString()).isEqualTo("succeeded");
    assertThat(finished.get("done").asInt()).isEqualTo(60);
    assertThat(api.get("/api/v1/knowledge-jobs/" + second, w.aDev()).text("state")).as("still paused")
        .isEqualTo("paused");
    api.post("/api/v1/knowledge-jobs/" + second + "/resume", w.aDev(), null);
    assertThat(kb.awaitJob(second, w.aDev(), "succeeded", "failed").get("state").asString()).isEqualTo("succeeded");

    // Retry: a file whose original went missing fails; once it is back, retry re-runs only that file.
    var up = kb.upload(kbId, w.aDev(), List.of(FilePart.text("a.md", KnowledgeDocs.FAQ + "\n补充一"),
        FilePart.text("b.md", KnowledgeDocs.GUIDE
        + "\n## 补充说明\n\n港澳通行证续签需要本人到出入境接待大厅办理，或在自助签注机上办理。")), null).json();
    long retryJob = up.get("job_id").asLong();
    JsonNode done = kb.awaitJob(retryJob, w.aDev(), "succeeded", "failed");
    assertThat(done.get("failed").asInt()).isZero();
    assertProblem(api.post("/api/v1/knowledge-jobs/" + retryJob + "/retry", w.aDev(), null), 409,
        "knowledge_job.nothing_to_retry");
    long docB = up.get("documents").get(1).get("id").asLong();
    int chunksOfB = api.get("/api/v1/knowledge-bases/" + kbId + "/documents/" + docB, w.aDev()).json()
        .get("chunk_count").asInt();
    // Reprocessing fails while the original is missing; the chunks indexed before stay searchable.
    Path original = Path.of(env.getProperty("jingzhi.data-dir"), "knowledge", "files", Long.toString(kbId),
        Long.toString(docB));
    byte[] kept = read(original);
    delete(original);
    var reprocess = api.post("/api/v1/knowledge-bases/" + kbId + "/documents/" + docB + "/reprocess", w.aDev(), null);
    assertThat(reprocess.status()).as("reprocess: %s", reprocess).isEqualTo(202);
    JsonNode failedRun = kb.awaitJob(reprocess.id(), w.aDev(), "failed", "succeeded");
    assertThat(failedRun.get("state").asString()).isEqualTo("failed");
    assertThat(failedRun.get("files").get(0).get("state").asString()).isEqualTo("failed");
    assertThat(failedRun.get("files").get(0).get("error").asString()).isNotBlank();
    var stillThere = api.get("/api/v1/knowledge-bases/" + kbId + "/documents/" + docB, w.aDev()).json();
    assertThat(stillThere.get("status").asString()).isEqualTo("ready");
    assertThat(stillThere.get("chunk_count").asInt()).isEqualTo(chunksOfB);
    assertThat(kb.retrieve(kbId, w.aDev(), map("query", "港澳通行证续签在哪里办理", "top_k", 3)).json().get("chunks")
        .valueStream().map(c -> c.get("document_id").asLong())).contains(docB);
    // Once the original is back, retry re-runs the failed file only.
    write(original, kept);
    var retried = api.post("/api/v1/knowledge-jobs/" + reprocess.id() + "/retry", w.aDev(), null);
    assertThat(retried.status()).as("retry: %s", retried).isEqualTo(200);
    JsonNode retriedRun = kb.awaitJob(reprocess.id(), w.aDev(), "succeeded", "failed");
    assertThat(retriedRun.get("state").asString()).isEqualTo("succeeded");
    assertThat(retriedRun.get("files").get(0).get("state").asString()).isEqualTo("succeeded");

    assertProblem(api.post("/api/v1/knowledge-jobs/" + retryJob + "/pause", w.aDev(), null), 409,
        "knowledge_job.state");
    assertProblem(api.post("/api/v1/knowledge-jobs/" + retryJob + "/pause", w.bDev(), null), 404,
        "knowledge_job.not_found");
    var jobs = api.get("/api/v1/knowledge-bases/" + kbId + "/jobs", w.aDev()).json();
    assertThat(jobs.get("total").asInt()).isEqualTo(5);
    assertThat(jobs.get("items").get(0).get("id").asLong()).as("newest first").isEqualTo(reprocess.id());
  }

  @Test
  void cancellingARunningJobFailsItsWaitingDocumentsAndAnUploadRunsThemAgain() {
    long kbId = kb.createBase(w.aDev(), w.aProject(), map()).get("id").asLong();
    List<FilePart> many = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(FilePart.text("c-" + i + ".md", KnowledgeDocs.GUIDE.replace("测试", "取消测试" + i)));
    }
    long job = kb.upload(kbId, w.aDev(), many, null).json().get("job_id").asLong();
    kb.awaitJob(job, w.aDev(), "running");
    var cancelled = api.post("/api/v1/knowledge-jobs/" + job + "/cancel", w.aDev(), null);
    assertThat(cancelled.text("state")).as("cancel: %s", cancelled).isEqualTo("cancelled");
    // The worker stops between files: nothing it had not finished stays pending or processing.
    JsonNode docs = null;
    for (int tries = 0; tries < 100; tries++) {
      docs = api.get("/api/v1/knowledge-bases/" + kbId + "/documents?size=100", w.aDev()).json();
      if (docs.get("items").valueStream().noneMatch(d -> List.of("pending", "processing")
          .contains(d.get("status").asString()))) {
        break;
      }
      sleep(100);
    }
    List<JsonNode> failed = docs.get("items").valueStream().filter(d -> d.get("status").asString().equals("failed"))
        .toList();
    assertThat(docs.get("items").valueStream().map(d -> d.get("status").asString()))
        .as("every document ready or cancelled: %s", docs).hasSize(40).allMatch(s -> s.equals("ready")
            || s.equals("failed"));
    assertThat(failed).as("a cancel while 40 files wait leaves some undone").isNotEmpty();
    assertThat(failed).allMatch(d -> d.get("error_code").asString().equals("cancelled"));
    JsonNode after = api.get("/api/v1/knowledge-jobs/" + job, w.aDev()).json();
    assertThat(after.get("done").asInt()).as("cancelled files are not done: %s", after).isLessThan(40);
    assertThat(after.get("progress").asDouble()).isLessThan(1.0);
    // The same file uploaded again is no duplicate of the cancelled document: it runs again, as that document.
    JsonNode undone = failed.getFirst();
    String name = undone.get("filename").asString();
    int i = Integer.parseInt(name.substring(2, name.indexOf('.')));
    var again = kb.upload(kbId, w.aDev(), List.of(many.get(i)), null);
    JsonNode entry = again.json().get("documents").get(0);
    assertThat(entry.get("id").asLong()).as("upload again: %s", again).isEqualTo(undone.get("id").asLong());
    assertThat(entry.get("status").asString()).isEqualTo("pending");
    kb.awaitJob(again.json().get("job_id").asLong(), w.aDev(), "succeeded");
    JsonNode doc = api.get("/api/v1/knowledge-bases/" + kbId + "/documents/" + entry.get("id").asLong(), w.aDev())
        .json();
    assertThat(doc.get("status").asString()).isEqualTo("ready");
    assertThat(doc.get("chunk_count").asInt()).isPositive();
  }

  @Test
  void aBaseBelongsToAProjectOfTheCallersOwnDepartment() {
    long sibling = fx.createOrg(w.aAdmin(), unique("kb-a-sib"), "乙处", w.a().orgId(), false);
    String siblingProject = unique("kb-proj-sib");
    api.post("/api/v1/projects", w.aAdmin(), map("code", siblingProject, "name", "乙处项目", "org_id", sibling));
    String subUser = unique("kb-sub-dev");
    fx.createUser(w.aAdmin(), subUser, w.aSubOrg(), "developer");
    String sub = fx.login(subUser);
    String subProject = unique("kb-proj-sub");
    api.post("/api/v1/projects", w.aAdmin(), map("code", subProject, "name", "甲处项目", "org_id", w.aSubOrg()));
    long own = kb.createBase(sub, subProject, map()).get("id").asLong();
    // A sibling department's project is not the caller's: no base there, and no moving one there.
    assertProblem(api.post("/api/v1/knowledge-bases", sub, map("name", "别处的库", "project", siblingProject)), 403,
        "knowledge_base.project_not_yours");
    assertProblem(api.put("/api/v1/knowledge-bases/" + own, sub, map("name", "搬走", "project", siblingProject)),
        403, "knowledge_base.project_not_yours");
    assertThat(api.get("/api/v1/knowledge-bases/" + own, sub).text("name")).doesNotContain("搬走");
    // The tenant's top org owns every department's bases, so its developer may create one in the sibling's project.
    assertThat(kb.createBase(w.aDev(), siblingProject, map()).get("id").asLong()).isPositive();
  }

  @Test
  void aBaseCanConvertTraditionalChineseWhenItIsCleaned() {
    String traditional = "申請創業補貼需要提交營業執照和身份證明。本辦法由市人力資源和社會保障局負責解釋。";
    JsonNode plain = kb.createBase(w.aDev(), w.aProject(), map());
    assertThat(plain.get("cleaning").get("traditional_to_simplified").asBoolean()).as("off by default").isFalse();
    assertThat(plain.get("cleaning").get("remove_page_numbers").asBoolean()).isTrue();
    JsonNode converting = kb.createBase(w.aDev(), w.aProject(), map("cleaning",
        map("traditional_to_simplified", true)));
    assertThat(converting.get("cleaning").get("traditional_to_simplified").asBoolean()).isTrue();
    assertThat(converting.get("cleaning").get("remove_duplicates").asBoolean()).as("the rest by default").isTrue();
    for (JsonNode base : List.of(plain, converting)) {
      long id = base.get("id").asLong();
      long job = kb.upload(id, w.aDev(), List.of(FilePart.text("trad.txt", traditional)), null).json()
          .get("job_id").asLong();
      kb.awaitJob(job, w.aDev(), "succeeded");
    }
    var converted = kb.retrieve(converting.get("id").asLong(), w.aDev(), map("query", "营业执照", "mode", "fulltext"));
    assertThat(converted.json().get("chunks").get(0).get("text").asString()).as("%s", converted)
        .contains("营业执照", "人力资源和社会保障局");
    var kept = kb.retrieve(plain.get("id").asLong(), w.aDev(), map("query", "營業執照", "mode", "fulltext"));
    assertThat(kept.json().get("chunks").get(0).get("text").asString()).contains("營業執照");
    // Switched on later: the base keeps the setting for the next documents and reprocessing.
    var changed = api.put("/api/v1/knowledge-bases/" + plain.get("id").asLong(), w.aDev(), map("name", "改为转换",
        "cleaning", map("traditional_to_simplified", true)));
    assertThat(changed.json().get("cleaning").get("traditional_to_simplified").asBoolean()).as("%s", changed)
        .isTrue();
    assertProblem(api.post("/api/v1/knowledge-bases", w.aDev(), map("name", "x", "project", w.aProject(),
        "cleaning", map("magic", true))), 400, "validation_failed");
    assertProblem(api.post("/api/v1/knowledge-bases", w.aDev(), map("name", "x", "project", w.aProject(),
        "cleaning", map("traditional_to_simplified", "yes"))), 400, "validation_failed");
  }

  @Test
  void aSpreadsheetWithQuestionAndAnswerColumnsBecomesFaqChunks() {
    long kbId = kb.createBase(w.aDev(), w.aProject(), map()).get("id").asLong();
    String csv = """
        问题,答案,相似问法
        租房可以提取住房公积金吗？,可以。无房职工租房自住的，可每季度提取一次。,租房能取公积金吗
        退休后公积金怎么取？,凭退休证明一次性提取账户余额并销户。,退休了怎么提公积金
        """;
    long job = kb.upload(kbId, w.aDev(), List.of(FilePart.text("faq.csv", csv)), null).json().get("job_id").asLong();
    kb.awaitJob(job, w.aDev(), "succeeded");
    var res = kb.retrieve(kbId, w.aDev(), map("query", "租房能取公积金吗", "top_k", 1));
    JsonNode top = res.json().get("chunks").get(0);
    assertThat(top.get("metadata").get("question").asString()).as("faq chunk: %s", res)
        .isEqualTo("租房可以提取住房公积金吗？");
    assertThat(top.get("text").asString()).contains("每季度提取一次");
  }

  @Test
  void rebuildKeepsEverythingSearchable() {
    long kbId = kb.createBase(w.aDev(), w.aProject(), map()).get("id").asLong();
    long job = kb.upload(kbId, w.aDev(), List.of(FilePart.text("guide.md", KnowledgeDocs.GUIDE)), null).json()
        .get("job_id").asLong();
    kb.awaitJob(job, w.aDev(), "succeeded");
    var rebuild = api.post("/api/v1/knowledge-bases/" + kbId + "/rebuild", w.aDev(), null);
    assertThat(rebuild.status()).as("rebuild: %s", rebuild).isEqualTo(202);
    assertThat(rebuild.text("kind")).isEqualTo("rebuild");
    kb.awaitJob(rebuild.id(), w.aDev(), "succeeded");
    var res = kb.retrieve(kbId, w.aDev(), map("query", "身份证丢了补办要带什么材料", "top_k", 1));
    assertThat(res.json().get("chunks").get(0).get("text").asString()).contains("户口簿");
  }

  @Test
  void aCrashBeforeTheBatchRefreshRedoesTheFilesStillProcessing() throws Exception {
    long kbId = kb.createBase(w.aDev(), w.aProject(), map()).get("id").asLong();
    JsonNode upload = kb.upload(kbId, w.aDev(), List.of(FilePart.text("guide.md", KnowledgeDocs.GUIDE)), null)
        .json();
    long job = upload.get("job_id").asLong();
    long docId = upload.get("documents").get(0).get("id").asLong();
    kb.awaitJob(job, w.aDev(), "succeeded");
    String chunks = "/api/v1/knowledge-bases/" + kbId + "/chunks?document_id=" + docId;
    long firstChunk = api.get(chunks, w.aDev()).json().get("items").get(0).get("id").asLong();
    // What a crash leaves between a file counted done and its batch's index refresh: the job still running, the
    // file succeeded, the document still processing (its index entries perhaps never committed).
    jdbc.sql("update kb_jobs set state = 'running', finished_at = null where id = :j").param("j", job).update();
    jdbc.sql("update kb_documents set status = 'processing' where id = :d").param("d", docId).update();

    resumeJobsAsAtStart();

    JsonNode done = kb.awaitJob(job, w.aDev(), "succeeded", "failed");
    assertThat(done.get("state").asString()).as("job %s", done).isEqualTo("succeeded");
    assertThat(file(done, "guide.md").get("state").asString()).isEqualTo("succeeded");
    assertThat(api.get("/api/v1/knowledge-bases/" + kbId + "/documents/" + docId, w.aDev()).json().get("status")
        .asString()).isEqualTo("ready");
    assertThat(api.get(chunks, w.aDev()).json().get("items").get(0).get("id").asLong())
        .as("the file ran again: new chunks").isNotEqualTo(firstChunk);
    var res = kb.retrieve(kbId, w.aDev(), map("query", "身份证丢了补办要带什么材料", "top_k", 1));
    assertThat(res.json().get("chunks").get(0).get("text").asString()).contains("户口簿");
  }

  /** What the server does at its next start: the job runner picks up the jobs left running. */
  private void resumeJobsAsAtStart() throws Exception {
    List<ApplicationRunner> runners = context.getBeansOfType(ApplicationRunner.class).values().stream()
        .filter(r -> r.getClass().getSimpleName().startsWith("JobRunner")).toList();
    assertThat(runners).hasSize(1);
    runners.getFirst().run(null);
  }

  @Test
  void aBaseOnTheStaticModelIngestsAndRetrieves() {
    JsonNode base = kb.createBase(w.aDev(), w.aProject(), map("code", unique("kb-static"),
        "embedding_model", "bge-small-zh-v1.5-static"));
    long kbId = base.get("id").asLong();
    assertThat(base.get("embedding_model").asString()).isEqualTo("bge-small-zh-v1.5-static");
    assertThat(base.get("embedding_dimension").asInt()).isEqualTo(256);
    long job = kb.upload(kbId, w.aDev(), List.of(FilePart.text("policy.md", KnowledgeDocs.POLICY),
        FilePart.text("guide.md", KnowledgeDocs.GUIDE), FilePart.text("faq.md", KnowledgeDocs.FAQ)), null).json()
        .get("job_id").asLong();
    JsonNode done = kb.awaitJob(job, w.aDev(), "succeeded", "failed");
    assertThat(done.get("state").asString()).as("job %s", done).isEqualTo("succeeded");
    for (String mode : List.of("vector", "hybrid")) {
      var res = kb.retrieve(kbId, w.aDev(), map("query", "身份证丢了补办要带什么材料", "mode", mode, "top_k", 3));
      assertThat(res.status()).as("%s: %s", mode, res).isEqualTo(200);
      assertThat(res.json().get("chunks").valueStream().map(c -> c.get("text").asString()))
          .as("%s finds the ID card guide", mode).anyMatch(t -> t.contains("户口簿"));
    }
    var subsidy = kb.retrieve(kbId, w.aDev(), map("query", "一次性创业补贴每户多少钱", "mode", "hybrid", "top_k", 1));
    assertThat(subsidy.json().get("chunks").get(0).get("text").asString()).contains("创业补贴");
  }

  @Test
  void aNewEmbeddingModelReembedsTheBase() throws InterruptedException {
    // An alias of the in-process model is another model name for the base: its vectors must be made again.
    String admin = fx.admin();
    long bge = api.get("/api/v1/models", admin).json().valueStream()
        .filter(m -> m.get("name").asString().equals("bge-small-zh-v1.5")).findFirst().orElseThrow().get("id")
        .asLong();
    var aliased = api.patch("/api/v1/models/" + bge, admin, map("aliases", List.of("bge-zh-it")));
    assertThat(aliased.status()).as("alias: %s", aliased).isEqualTo(200);
    long kbId = kb.createBase(w.aDev(), w.aProject(), map()).get("id").asLong();
    long job = kb.upload(kbId, w.aDev(), List.of(FilePart.text("guide.md", KnowledgeDocs.GUIDE)), null).json()
        .get("job_id").asLong();
    kb.awaitJob(job, w.aDev(), "succeeded");
    JsonNode changed = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      var res = api.put("/api/v1/knowledge-bases/" + kbId, w.aDev(), map("name", "换模型", "embedding_model",
          "bge-zh-it"));
      if (res.status() == 200) {
        changed = res.json();
        break;
      }
      Thread.sleep(200); // the gateway's catalog picks the alias up on its next refresh
    }
    assertThat(changed).as("the alias became usable").isNotNull();
    assertThat(changed.get("embedding_model").asString()).isEqualTo("bge-zh-it");
    var jobs = api.get("/api/v1/knowledge-bases/" + kbId + "/jobs", w.aDev()).json().get("items");
    assertThat(jobs.get(0).get("kind").asString()).as("a rebuild started by itself").isEqualTo("rebuild");
    kb.awaitJob(jobs.get(0).get("id").asLong(), w.aDev(), "succeeded");
    var hit = kb.retrieve(kbId, w.aDev(), map("query", "身份证丢了补办要带什么材料", "mode", "vector", "top_k", 1));
    assertThat(hit.status()).as("vector search after the rebuild: %s", hit).isEqualTo(200);
    assertThat(hit.json().get("chunks").get(0).get("text").asString()).contains("户口簿");
  }

  @Test
  void sharingDecidesWhoReads() {
    long priv = kb.createBase(w.aDev(), w.aProject(), map("sharing", "private")).get("id").asLong();
    long org = kb.createBase(w.aDev(), w.aProject(), map("sharing", "org")).get("id").asLong();
    long global = kb.createBase(w.aDev(), w.aProject(), map("sharing", "global")).get("id").asLong();
    long named = kb.createBase(w.aDev(), w.aProject(), map("sharing", "orgs",
        "shared_org_ids", List.of(w.b().orgId()))).get("id").asLong();
    String subUser = unique("kb-sub");
    fx.createUser(w.aAdmin(), subUser, w.aSubOrg(), "developer");
    String sub = fx.login(subUser);
    // The project is the tenant's top org's: the sub-org user is inside it for private, and in the tenant for org.
    assertThat(api.get("/api/v1/knowledge-bases/" + priv, sub).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/knowledge-bases/" + org, sub).status()).isEqualTo(200);
    assertProblem(api.get("/api/v1/knowledge-bases/" + priv, w.bDev()), 404, "knowledge_base.not_found");
    assertProblem(api.get("/api/v1/knowledge-bases/" + org, w.bDev()), 404, "knowledge_base.not_found");
    assertThat(api.get("/api/v1/knowledge-bases/" + global, w.bDev()).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/knowledge-bases/" + named, w.bDev()).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/knowledge-bases", w.bDev()).json().get("items").valueStream()
        .map(b -> b.get("id").asLong())).contains(global, named).doesNotContain(priv, org);
    // Shared for reading only.
    assertProblem(api.put("/api/v1/knowledge-bases/" + global, w.bDev(), map("name", "改名")), 403,
        "knowledge_base.read_only");
    assertProblem(kb.upload(global, w.bDev(), List.of(FilePart.text("x.md", "外来文件")), null), 403,
        "knowledge_base.read_only");
    assertThat(api.get("/api/v1/knowledge-bases/" + global, w.aDev()).text("name")).doesNotContain("改名");
    // A platform administrator sees everything.
    assertThat(api.get("/api/v1/knowledge-bases/" + priv, fx.admin()).status()).isEqualTo(200);
  }

  @Test
  void badInputGetsClearProblemsAndChangesNothing() {
    long kbId = kb.createBase(w.aDev(), w.aProject(), map()).get("id").asLong();
    String base = "/api/v1/knowledge-bases";
    assertProblem(api.raw("POST", base, w.aDev(), "application/json", "{\"name\": "), 400, "malformed_body");
    assertProblem(api.post(base, w.aDev(), map("name", "x")), 400, "validation_failed");
    assertProblem(api.post(base, w.aDev(), map("name", "x", "project", "no-such-project")), 404,
        "project.not_found");
    assertProblem(api.post(base, w.aDev(), map("name", "x", "project", w.bProject())), 404, "project.not_found");
    assertProblem(api.post(base, w.aDev(), map("name", "x", "project", w.aProject(),
        "embedding_model", "no-such-model")), 400, "validation_failed");
    assertProblem(api.post(base, w.aDev(), map("name", "x", "project", w.aProject(),
        "chunking", map("strategy", "magic"))), 400, "chunking.invalid_settings");
    assertProblem(api.post(base, w.aDev(), map("name", "x", "project", w.aProject(),
        "chunking", map("max_chars", 100, "overlap_chars", 200))), 400, "chunking.invalid_settings");
    // Every bad field is named, not only the first.
    var many = api.post(base, w.aDev(), map("name", "x", "project", w.aProject(), "chunking", map("max_chars", 10,
        "overlap_chars", 20, "parent_chars", 5, "schema", List.of(map("name", "f", "type", "blob")))));
    assertProblem(many, 400, "chunking.invalid_settings");
    assertThat(many.json().get("errors").valueStream().map(e -> e.get("field").asString()))
        .contains("chunking.max_chars", "chunking.overlap_chars", "chunking.parent_chars", "chunking.schema[0].type");
    assertProblem(api.post(base, w.aDev(), map("name", "x", "project", w.aProject(), "sharing", "everyone")), 400,
        "validation_failed");
    assertProblem(api.get(base + "/987654321", w.aDev()), 404, "knowledge_base.not_found");
    assertProblem(api.post(base + "/987654321/retrieve", w.aDev(), map("query", "x")), 404,
        "knowledge_base.not_found");
    assertProblem(api.post(base + "/" + kbId + "/documents", w.aDev(), map("file", "x")), 400,
        "document.not_multipart");
    assertProblem(kb.upload(kbId, w.aDev(), List.of(), null), 400, "document.no_files");
    assertProblem(kb.upload(kbId, w.aDev(), List.of(FilePart.text("a.md", "正文")), "{not json"), 400,
        "validation_failed");
    assertProblem(kb.upload(kbId, w.aDev(), List.of(FilePart.text("a.md", "正文")), "{\"publish_date\": \"昨天\"}"),
        400, "validation_failed");
    assertProblem(kb.retrieve(kbId, w.aDev(), map("query", "")), 400, "validation_failed");
    assertProblem(kb.retrieve(kbId, w.aDev(), map("query", "x", "mode", "psychic")), 400, "validation_failed");
    assertProblem(kb.retrieve(kbId, w.aDev(), map("query", "x", "top_k", 0)), 400, "validation_failed");
    assertProblem(api.post(base + "/" + kbId + "/imports", w.aDev(), map("kind", "url", "url", "file:///etc/passwd")),
        400, "validation_failed");
    assertProblem(api.post(base + "/" + kbId + "/imports", w.aDev(), map("kind", "jdbc",
        "jdbc_url", "jdbc:h2:mem:x", "query", "select 1", "text_columns", List.of("a"))), 400, "validation_failed");
    assertProblem(api.post(base + "/" + kbId + "/imports", w.aDev(), map("kind", "jdbc",
        "jdbc_url", "jdbc:postgresql://127.0.0.1/test", "query", "delete from x", "text_columns", List.of("a"))),
        400, "validation_failed");
    assertProblem(api.post(base + "/" + kbId + "/imports", w.aDev(), map("kind", "jdbc",
        "jdbc_url", "jdbc:postgresql://127.0.0.1/test", "query", "select 1; drop table x",
        "text_columns", List.of("a"))), 400, "validation_failed");
    assertProblem(api.get("/api/v1/knowledge-jobs/987654321", w.aDev()), 404, "knowledge_job.not_found");
    assertThat(api.get(base + "/" + kbId + "/documents", w.aDev()).json().get("total").asInt()).isZero();
    assertThat(api.get(base + "/" + kbId + "/jobs", w.aDev()).json().get("total").asInt()).isZero();
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path p, byte[] bytes) {
    try {
      Files.write(p, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
