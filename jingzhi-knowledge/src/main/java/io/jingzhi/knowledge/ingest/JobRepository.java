package io.jingzhi.knowledge.ingest;

import io.jingzhi.common.db.Sql;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Stores jobs and their files; state changes are conditional so concurrent pause/cancel/finish cannot cross. */
@Repository
class JobRepository {

  private static final String JOB = "select id, kb_id, tenant_id, kind, state, total, done, failed, error, params,"
      + " created_by, created_at, started_at, finished_at from kb_jobs";
  private static final String FILE = "select id, document_id, filename, state, error_code, error from kb_job_files";

  private final JdbcClient jdbc;

  JobRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insert(long kbId, long tenantId, String kind, String params, long createdBy, Instant now) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into kb_jobs (kb_id, tenant_id, kind, state, params, created_by, created_at)
        values (:kb, :t, :kind, 'queued', :params, :by, :now)""")
        .param("kb", kbId).param("t", tenantId).param("kind", kind).param("params", params).param("by", createdBy)
        .param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  long addFile(long jobId, Long documentId, String filename, String state, String errorCode, String error) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("""
        insert into kb_job_files (job_id, document_id, filename, state, error_code, error)
        values (:job, :doc, :name, :state, :code, :error)""")
        .param("job", jobId).param("doc", documentId).param("name", cut(filename, 500)).param("state", state)
        .param("code", errorCode).param("error", cut(error, 2000)).update(keys, "id");
    recount(jobId);
    return keys.getKey().longValue();
  }

  Optional<Job> find(long id) {
    return jdbc.sql(JOB + " where id = :id").param("id", id).query(this::map).optional()
        .map(j -> j.withFiles(files(id)));
  }

  PageResult<Job> page(long kbId, PageQuery page) {
    long total = jdbc.sql("select count(*) from kb_jobs where kb_id = :kb").param("kb", kbId).query(Long.class)
        .single();
    List<Job> jobs = jdbc.sql(JOB + " where kb_id = :kb order by id desc limit :l offset :o").param("kb", kbId)
        .param("l", page.size()).param("o", page.offset()).query(this::map).list().stream()
        .map(j -> j.withFiles(files(j.id()))).toList();
    return new PageResult<>(jobs, total, page.page(), page.size());
  }

  List<Job.JobFile> files(long jobId) {
    return jdbc.sql(FILE + " where job_id = :j order by id").param("j", jobId).query(this::mapFile).list();
  }

  Optional<String> state(long jobId) {
    return jdbc.sql("select state from kb_jobs where id = :id").param("id", jobId).query(String.class).optional();
  }

  /**
   * Jobs a worker should pick up at start: queued ones, and running ones a stop interrupted. A file of an
   * interrupted job counts as done once its document is written, but the document turns ready only at the job's
   * next index refresh; a crash in between leaves it 'processing' with index entries that may not have been
   * committed, so such files run again too.
   */
  List<Long> resumable() {
    jdbc.sql("""
        update kb_job_files set state = 'queued' where state = 'succeeded'
          and job_id in (select id from kb_jobs where state = 'running')
          and document_id in (select id from kb_documents where status = 'processing')""").update();
    jdbc.sql("update kb_jobs set state = 'queued' where state = 'running'").update();
    jdbc.sql("update kb_job_files set state = 'queued' where state = 'running'").update();
    List<Long> ids = jdbc.sql("select id from kb_jobs where state = 'queued' order by id").query(Long.class).list();
    ids.forEach(this::recount);
    return ids;
  }

  /** Moves the job from one of {@code from} to {@code to}; false when it was in another state. */
  boolean transition(long id, List<String> from, String to) {
    return jdbc.sql("update kb_jobs set state = :to where id = :id and state in (:from)").param("to", to)
        .param("id", id).param("from", from).update() == 1;
  }

  boolean start(long id, Instant now) {
    return jdbc.sql("""
        update kb_jobs set state = 'running', started_at = coalesce(started_at, :now), finished_at = null
        where id = :id and state = 'queued'""").param("now", Sql.ts(now)).param("id", id).update() == 1;
  }

  void finish(long id, String state, String error, Instant now) {
    jdbc.sql("""
        update kb_jobs set state = :s, error = :e, finished_at = :now where id = :id and state = 'running'""")
        .param("s", state).param("e", cut(error, 2000)).param("now", Sql.ts(now)).param("id", id).update();
  }

  void fileState(long fileId, long jobId, String state, String errorCode, String error) {
    jdbc.sql("update kb_job_files set state = :s, error_code = :c, error = :e where id = :id")
        .param("s", state).param("c", errorCode).param("e", cut(error, 2000)).param("id", fileId).update();
    if (!Job.JobFile.RUNNING.equals(state)) {
      // running counts as neither done nor failed: a file that starts changes no count
      recount(jobId);
    }
  }

  void fileDocument(long fileId, long documentId, String filename) {
    jdbc.sql("update kb_job_files set document_id = :d, filename = :f where id = :id").param("d", documentId)
        .param("f", cut(filename, 500)).param("id", fileId).update();
  }

  /** Files still queued get this state (a cancelled job skips them). */
  void skipQueued(long jobId, String errorCode, String error) {
    jdbc.sql("update kb_job_files set state = 'skipped', error_code = :c, error = :e where job_id = :j"
        + " and state in ('queued', 'running')").param("c", errorCode).param("e", error).param("j", jobId).update();
    recount(jobId);
  }

  /** Files still queued fail with this reason (the job cannot run at all). */
  void failQueued(long jobId, String errorCode, String error) {
    jdbc.sql("update kb_job_files set state = 'failed', error_code = :c, error = :e where job_id = :j"
        + " and state in ('queued', 'running')").param("c", errorCode).param("e", error).param("j", jobId).update();
    recount(jobId);
  }

  /**
   * Failed files go back to the queue; returns how many. Files without a document (an upload refused as too large
   * or empty) cannot be retried, except for imports, which fetch their source again.
   */
  int requeueFailed(long jobId, boolean withoutDocument) {
    int n = jdbc.sql("update kb_job_files set state = 'queued', error_code = null, error = null where job_id = :j"
        + " and state = 'failed'" + (withoutDocument ? "" : " and document_id is not null")).param("j", jobId)
        .update();
    recount(jobId);
    return n;
  }

  void reopen(long jobId) {
    jdbc.sql("update kb_jobs set state = 'queued', error = null, finished_at = null where id = :id")
        .param("id", jobId).update();
  }

  void params(long jobId, String params) {
    jdbc.sql("update kb_jobs set params = :p where id = :id").param("p", params).param("id", jobId).update();
  }

  private void recount(long jobId) {
    jdbc.sql("""
        update kb_jobs set
          total = (select count(*) from kb_job_files f where f.job_id = :j),
          done = (select count(*) from kb_job_files f where f.job_id = :j and (f.state = 'succeeded'
            or (f.state = 'skipped' and coalesce(f.error_code, '') <> 'cancelled'))),
          failed = (select count(*) from kb_job_files f where f.job_id = :j and f.state = 'failed')
        where id = :j""").param("j", jobId).update();
  }

  private Job map(ResultSet rs, int row) throws SQLException {
    int total = rs.getInt("total");
    int done = rs.getInt("done");
    int failed = rs.getInt("failed");
    double progress = total == 0 ? 0 : (double) (done + failed) / total;
    return new Job(rs.getLong("id"), rs.getLong("kb_id"), rs.getLong("tenant_id"), rs.getString("kind"),
        rs.getString("state"), total, done, failed, progress, rs.getString("error"), Sql.instant(rs, "created_at"),
        Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"), rs.getLong("created_by"),
        rs.getString("params"), List.of());
  }

  private Job.JobFile mapFile(ResultSet rs, int row) throws SQLException {
    return new Job.JobFile(rs.getLong("id"), Sql.nullableLong(rs, "document_id"), rs.getString("filename"),
        rs.getString("state"), rs.getString("error_code"), rs.getString("error"));
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
