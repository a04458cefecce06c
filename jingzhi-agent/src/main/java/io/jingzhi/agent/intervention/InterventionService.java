package io.jingzhi.agent.intervention;

import io.jingzhi.agent.AgentException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Managing an app's intervention: curated pairs (one per normalized question), rules and settings. Reading needs
 * {@code agent:read}, changing {@code agent:write}, both on an app of the caller's tenant (else 404). Every change is
 * audited and drops the app's cached question vectors.
 */
@Service
class InterventionService {

  static final String RESOURCE = "agent_app";

  private final AppLookup apps;
  private final InterventionRepository repository;
  private final QaIndex index;
  private final AuditLog audit;
  private final Clock clock;

  InterventionService(AppLookup apps, InterventionRepository repository, QaIndex index, AuditLog audit,
      Clock clock) {
    this.apps = apps;
    this.repository = repository;
    this.index = index;
    this.audit = audit;
    this.clock = clock;
  }

  /** What an import did. */
  record ImportResult(int created, int updated) {}

  void requireWritable(Caller caller, String code) {
    apps.writable(caller, code);
  }

  // curated pairs

  PageResult<QaPair> pairs(Caller caller, String app, String q, PageQuery page) {
    return repository.pairs(apps.readable(caller, app).id(), q, page);
  }

  @Transactional
  QaPair createPair(Caller caller, String code, Specs.QaSpec spec) {
    AppLookup.App app = apps.writable(caller, code);
    Specs.QaSpec valid = spec.validated("");
    unique(app.id(), valid.question(), null);
    long id = repository.insertPair(app.id(), app.tenantId(), valid, "manual", caller.userId(), clock.instant());
    changed(caller, app, "agent.intervention.qa.create", "qa " + id, null, valid.question());
    return repository.pair(app.id(), id).orElseThrow();
  }

  @Transactional
  QaPair updatePair(Caller caller, String code, long id, Specs.QaSpec spec) {
    AppLookup.App app = apps.writable(caller, code);
    QaPair before = pair(app, id);
    Specs.QaSpec valid = spec.merged(before).validated("");
    unique(app.id(), valid.question(), id);
    repository.updatePair(id, valid, clock.instant());
    changed(caller, app, "agent.intervention.qa.update", "qa " + id, before.question(), valid.question());
    return repository.pair(app.id(), id).orElseThrow();
  }

  @Transactional
  void deletePair(Caller caller, String code, long id) {
    AppLookup.App app = apps.writable(caller, code);
    QaPair before = pair(app, id);
    repository.deletePair(id);
    changed(caller, app, "agent.intervention.qa.delete", "qa " + id, before.question(), null);
  }

  /** Imports pairs: a question already curated (normalized) gets the file's answer, the others are added. */
  @Transactional
  ImportResult importPairs(Caller caller, String code, List<Specs.QaSpec> specs) {
    AppLookup.App app = apps.writable(caller, code);
    Instant now = clock.instant();
    int created = 0;
    int updated = 0;
    for (Specs.QaSpec s : specs) {
      var existing = repository.pairByNormalized(app.id(), Texts.normalize(s.question()));
      if (existing.isPresent()) {
        repository.updatePair(existing.get(), s, now);
        updated++;
      } else {
        repository.insertPair(app.id(), app.tenantId(), s, "import", caller.userId(), now);
        created++;
      }
    }
    changed(caller, app, "agent.intervention.qa.import", null, null, created + " created, " + updated + " updated");
    return new ImportResult(created, updated);
  }

  /** Adds or updates the pair of a question, for adopted feedback; answers its id. */
  long upsertFromFeedback(Caller caller, AppLookup.App app, Specs.QaSpec spec) {
    var existing = repository.pairByNormalized(app.id(), Texts.normalize(spec.question()));
    long id;
    if (existing.isPresent()) {
      id = existing.get();
      repository.updatePair(id, spec, clock.instant());
    } else {
      id = repository.insertPair(app.id(), app.tenantId(), spec, "feedback", caller.userId(), clock.instant());
    }
    index.invalidate(app.id());
    return id;
  }

  private QaPair pair(AppLookup.App app, long id) {
    return repository.pair(app.id(), id).orElseThrow(() -> new AgentException(HttpStatus.NOT_FOUND,
        "intervention.qa_not_found", "No curated pair " + id + " in app " + app.code()));
  }

  private void unique(long appId, String question, Long self) {
    repository.pairByNormalized(appId, Texts.normalize(question)).filter(other -> !other.equals(self))
        .ifPresent(other -> {
          throw new AgentException(HttpStatus.CONFLICT, "intervention.qa_exists",
              "The app already has a curated pair for this question (id " + other + "); change that one instead");
        });
  }

  // rules

  List<Rule> rules(Caller caller, String code) {
    return repository.rules(apps.readable(caller, code).id());
  }

  @Transactional
  Rule createRule(Caller caller, String code, Specs.RuleSpec spec) {
    AppLookup.App app = apps.writable(caller, code);
    Specs.RuleSpec valid = spec.validated();
    long id = repository.insertRule(app.id(), app.tenantId(), valid, caller.userId(), clock.instant());
    changed(caller, app, "agent.intervention.rule.create", "rule " + id, null, valid.name());
    return repository.rule(app.id(), id).orElseThrow();
  }

  @Transactional
  Rule updateRule(Caller caller, String code, long id, Specs.RuleSpec spec) {
    AppLookup.App app = apps.writable(caller, code);
    Rule before = rule(app, id);
    Specs.RuleSpec valid = spec.merged(before).validated();
    repository.updateRule(id, valid, clock.instant());
    changed(caller, app, "agent.intervention.rule.update", "rule " + id, before.name() + ": " + before.pattern(),
        valid.name() + ": " + valid.pattern());
    return repository.rule(app.id(), id).orElseThrow();
  }

  @Transactional
  void deleteRule(Caller caller, String code, long id) {
    AppLookup.App app = apps.writable(caller, code);
    Rule before = rule(app, id);
    repository.deleteRule(id);
    changed(caller, app, "agent.intervention.rule.delete", "rule " + id, before.name(), null);
  }

  private Rule rule(AppLookup.App app, long id) {
    return repository.rule(app.id(), id).orElseThrow(() -> new AgentException(HttpStatus.NOT_FOUND,
        "intervention.rule_not_found", "No rule " + id + " in app " + app.code()));
  }

  // settings

  InterventionSettings settings(Caller caller, String code) {
    return repository.settings(apps.readable(caller, code).id());
  }

  @Transactional
  InterventionSettings updateSettings(Caller caller, String code, Specs.SettingsSpec spec) {
    AppLookup.App app = apps.writable(caller, code);
    InterventionSettings before = repository.settings(app.id());
    InterventionSettings after = spec.merged(before);
    repository.saveSettings(app.id(), app.tenantId(), after, caller.userId(), clock.instant());
    changed(caller, app, "agent.intervention.settings.update", "settings", before.toString(), after.toString());
    return after;
  }

  private void changed(Caller caller, AppLookup.App app, String action, String what, String before, String after) {
    index.invalidate(app.id());
    audit.record(AuditRecord.success(caller, action, RESOURCE, app.id(), app.code() + (what == null ? "" : " " + what),
        before, after));
  }
}
