package io.jingzhi.guard.lexicon;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.engine.lexicon.Lexicon;
import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.Tenancy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Manages keyword banks: the platform-wide global bank(s), changed only by platform security administrators, and
 * each tenant's banks, changed by its administrators with {@code guard:manage}. Every change of entries is a new
 * version; once it commits the bank's scope is recompiled and swapped into the live store.
 */
@Service
public class LexiconService {

  /** Origin of the bank seeded from the shipped starter list. */
  public static final String STARTER = "starter";

  private final LexiconRepository repository;
  private final LexiconLoader loader;
  private final Tenancy tenancy;
  private final AuditLog audit;
  private final JsonMapper json;
  private final GuardProperties properties;
  private final Clock clock;

  public LexiconService(LexiconRepository repository, LexiconLoader loader, Tenancy tenancy, AuditLog audit,
      JsonMapper json, GuardProperties properties, Clock clock) {
    this.repository = repository;
    this.loader = loader;
    this.tenancy = tenancy;
    this.audit = audit;
    this.json = json;
    this.properties = properties;
    this.clock = clock;
  }

  /** A bank as given by an operator; {@code scope} {@code global} (platform only) or {@code tenant} (default). */
  public record BankSpec(String name, String description, Boolean enabled, String scope, Long tenantId) {}

  /** The outcome of an import. */
  public record ImportResult(int version, int added, int updated, int removed, int entryCount) {}

  public List<LexiconBank> list(Caller caller) {
    caller.require(Permissions.GUARD_MANAGE);
    return repository.all().stream().filter(b -> b.global() || caller.canSeeTenant(b.tenantId())).toList();
  }

  public LexiconBank get(Caller caller, long id) {
    return readable(caller, id);
  }

  @Transactional
  public LexiconBank create(Caller caller, BankSpec spec) {
    caller.require(Permissions.GUARD_MANAGE);
    Long tenant = tenantOf(caller, spec);
    String name = name(spec.name());
    if (repository.nameTaken(tenant, name, -1)) {
      throw ApiException.conflict("guard.lexicon.name_taken", "A bank named " + name + " already exists here");
    }
    Instant now = clock.instant();
    long id = repository.insert(tenant, name, description(spec.description()), spec.enabled() == null
        || spec.enabled(), null, now);
    LexiconBank bank = repository.find(id).orElseThrow();
    newVersion(caller.username(), bank, "created");
    LexiconBank created = repository.find(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "guard.lexicon.create", "guard_lexicon", id, name, null,
        json.writeValueAsString(created)));
    return created;
  }

  @Transactional
  public LexiconBank update(Caller caller, long id, BankSpec spec) {
    LexiconBank before = writable(caller, id);
    String name = spec.name() == null ? before.name() : name(spec.name());
    if (repository.nameTaken(before.tenantId(), name, id)) {
      throw ApiException.conflict("guard.lexicon.name_taken", "A bank named " + name + " already exists here");
    }
    repository.update(id, name, spec.description() == null ? before.description() : description(spec.description()),
        spec.enabled() == null ? before.enabled() : spec.enabled(), clock.instant());
    LexiconBank after = repository.find(id).orElseThrow();
    afterCommit(() -> loader.refresh(before.tenantId()));
    audit.record(AuditRecord.success(caller, "guard.lexicon.update", "guard_lexicon", id, name,
        json.writeValueAsString(before), json.writeValueAsString(after)));
    return after;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    LexiconBank bank = writable(caller, id);
    if (STARTER.equals(bank.origin())) {
      throw ApiException.conflict("guard.lexicon.starter",
          "The starter bank cannot be deleted; disable it or delete its entries instead");
    }
    repository.delete(id);
    afterCommit(() -> loader.refresh(bank.tenantId()));
    audit.record(AuditRecord.success(caller, "guard.lexicon.delete", "guard_lexicon", id, bank.name(),
        json.writeValueAsString(bank), null));
  }

  public PageResult<EntryView> entries(Caller caller, long id, String q, String riskType, String kind,
      PageQuery page) {
    readable(caller, id);
    return repository.entries(id, q, riskType, kind, page);
  }

  @Transactional
  public EntryView addEntry(Caller caller, long id, EntrySpec spec) {
    LexiconBank bank = writable(caller, id);
    LexiconEntry entry = spec.toEntry();
    Map<Long, LexiconEntry> current = repository.entriesById(id);
    if (current.values().stream().anyMatch(e -> identity(e).equals(identity(entry)))) {
      throw ApiException.conflict("guard.lexicon.entry_exists",
          "The bank already has this " + entry.kind().name().toLowerCase() + ": " + entry.term());
    }
    long entryId = repository.insertEntry(id, entry, clock.instant());
    int version = newVersion(caller.username(), bank, "added " + describe(entry));
    EntryView view = repository.entry(id, entryId).orElseThrow();
    audit.record(AuditRecord.success(caller, "guard.lexicon.entry.create", "guard_lexicon", id, bank.name(), null,
        json.writeValueAsString(Map.of("entry", view, "version", version))));
    return view;
  }

  @Transactional
  public EntryView updateEntry(Caller caller, long id, long entryId, EntrySpec spec) {
    LexiconBank bank = writable(caller, id);
    EntryView before = repository.entry(id, entryId).orElseThrow(() -> ApiException.notFound("entry", entryId));
    LexiconEntry entry = merged(before, spec).toEntry();
    Map<Long, LexiconEntry> current = repository.entriesById(id);
    if (current.entrySet().stream().anyMatch(e -> e.getKey() != entryId
        && identity(e.getValue()).equals(identity(entry)))) {
      throw ApiException.conflict("guard.lexicon.entry_exists", "The bank already has this entry: " + entry.term());
    }
    repository.updateEntries(Map.of(entryId, entry), clock.instant());
    int version = newVersion(caller.username(), bank, "changed " + describe(entry));
    EntryView after = repository.entry(id, entryId).orElseThrow();
    audit.record(AuditRecord.success(caller, "guard.lexicon.entry.update", "guard_lexicon", id, bank.name(),
        json.writeValueAsString(before), json.writeValueAsString(Map.of("entry", after, "version", version))));
    return after;
  }

  @Transactional
  public void deleteEntry(Caller caller, long id, long entryId) {
    LexiconBank bank = writable(caller, id);
    EntryView before = repository.entry(id, entryId).orElseThrow(() -> ApiException.notFound("entry", entryId));
    repository.deleteEntry(id, entryId);
    int version = newVersion(caller.username(), bank, "deleted " + before.kind() + " " + before.term());
    audit.record(AuditRecord.success(caller, "guard.lexicon.entry.delete", "guard_lexicon", id, bank.name(),
        json.writeValueAsString(before), json.writeValueAsString(Map.of("version", version))));
  }

  /** Imports parsed entries: {@code append} adds new ones and updates existing ones; {@code replace} swaps all. */
  @Transactional
  public ImportResult importEntries(Caller caller, long id, List<LexiconEntry> parsed, boolean replace,
      String fileName) {
    LexiconBank bank = writable(caller, id);
    Map<String, LexiconEntry> incoming = new LinkedHashMap<>();
    parsed.forEach(e -> incoming.put(identity(e), e));
    Map<Long, LexiconEntry> current = repository.entriesById(id);
    Instant now = clock.instant();
    int added;
    int updated = 0;
    int removed = 0;
    if (replace) {
      removed = current.size();
      repository.deleteEntries(id);
      repository.insertEntries(id, new ArrayList<>(incoming.values()), now);
      added = incoming.size();
    } else {
      Map<String, Long> ids = new LinkedHashMap<>();
      current.forEach((entryId, e) -> ids.putIfAbsent(identity(e), entryId));
      Map<Long, LexiconEntry> changes = new LinkedHashMap<>();
      List<LexiconEntry> fresh = new ArrayList<>();
      incoming.forEach((key, e) -> {
        Long existing = ids.get(key);
        if (existing == null) {
          fresh.add(e);
        } else if (!Objects.equals(current.get(existing), e)) {
          changes.put(existing, e);
        }
      });
      repository.insertEntries(id, fresh, now);
      repository.updateEntries(changes, now);
      added = fresh.size();
      updated = changes.size();
    }
    String summary = "import (" + (replace ? "replace" : "append") + ") of " + fileName + ": " + added + " added, "
        + updated + " updated" + (replace ? ", " + removed + " replaced" : "");
    int version = newVersion(caller.username(), bank, summary);
    int count = (int) repository.find(id).orElseThrow().entryCount();
    ImportResult result = new ImportResult(version, added, updated, removed, count);
    audit.record(AuditRecord.success(caller, "guard.lexicon.import", "guard_lexicon", id, bank.name(), null,
        json.writeValueAsString(result)));
    return result;
  }

  /** The current entries of a bank, for export. */
  public List<LexiconEntry> exportEntries(Caller caller, long id) {
    readable(caller, id);
    return new ArrayList<>(repository.entriesById(id).values());
  }

  public List<LexiconVersion> versions(Caller caller, long id) {
    readable(caller, id);
    return repository.versions(id);
  }

  /** Makes the content of version {@code n} current again, as a new version. */
  @Transactional
  public LexiconBank restore(Caller caller, long id, int n) {
    LexiconBank bank = writable(caller, id);
    if (!repository.versionExists(id, n)) {
      throw ApiException.notFound("version", n);
    }
    byte[] snapshot = repository.snapshot(id, n).orElseThrow(() -> ApiException.conflict(
        "guard.lexicon.version_pruned", "The content of version " + n + " is no longer kept (only the newest "
            + properties.lexiconVersionsKept() + " versions are)"));
    List<LexiconEntry> entries = Snapshots.read(snapshot);
    repository.deleteEntries(id);
    repository.insertEntries(id, entries, clock.instant());
    int version = newVersion(caller.username(), bank, "restored version " + n);
    LexiconBank after = repository.find(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "guard.lexicon.restore", "guard_lexicon", id, bank.name(),
        json.writeValueAsString(Map.of("version", bank.currentVersion())),
        json.writeValueAsString(Map.of("version", version, "restored", n))));
    return after;
  }

  /** Creates the global starter bank as its version 1 unless it was created before (by any replica). */
  @Transactional
  public boolean seedStarter(List<LexiconEntry> entries) {
    if (repository.idOfOrigin(STARTER).isPresent()) {
      return false;
    }
    Instant now = clock.instant();
    long id = repository.insert(null, "通用词库 Starter", "Shipped starter bank (TC260-003 risk types)", true,
        STARTER, now);
    repository.insertEntries(id, entries, now);
    repository.setShippedList(id, Snapshots.write(entries));
    newVersion("system", repository.find(id).orElseThrow(), "starter bank (" + entries.size() + " entries)");
    return true;
  }

  /**
   * Merges a shipped starter list that differs from the one the starter bank last took into the bank, as a new
   * version by {@code system} ({@link StarterMerge}: what operators changed stays). A bank seeded before the list was
   * recorded compares with its version 1 (the list as seeded) while that version's snapshot is kept. Returns the
   * version's summary, or empty when nothing changed.
   */
  @Transactional
  public Optional<String> updateStarter(List<LexiconEntry> shipped) {
    Optional<Long> starter = repository.idOfOrigin(STARTER);
    if (starter.isEmpty()) {
      return Optional.empty();
    }
    long id = starter.get();
    byte[] stored = repository.lockShippedList(id);
    List<LexiconEntry> last = stored != null ? Snapshots.read(stored)
        : repository.snapshot(id, 1).map(Snapshots::read).orElse(List.of());
    if (last.equals(shipped)) {
      if (stored == null) {
        repository.setShippedList(id, Snapshots.write(shipped));
      }
      return Optional.empty();
    }
    StarterMerge merge = StarterMerge.plan(last, shipped, repository.entriesById(id));
    repository.setShippedList(id, Snapshots.write(shipped));
    if (merge.changesNothing()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    repository.insertEntries(id, merge.add(), now);
    repository.updateEntries(merge.update(), now);
    merge.delete().forEach(entryId -> repository.deleteEntry(id, entryId));
    newVersion("system", repository.find(id).orElseThrow(), merge.summary());
    return Optional.of(merge.summary());
  }

  private int newVersion(String by, LexiconBank bank, String summary) {
    Instant now = clock.instant();
    int version = repository.nextVersion(bank.id(), now);
    var entries = repository.entriesById(bank.id()).values();
    repository.insertVersion(bank.id(), version, by, now, entries.size(), summary, Snapshots.write(entries),
        properties.lexiconVersionsKept());
    afterCommit(() -> loader.refresh(bank.tenantId()));
    return version;
  }

  private static void afterCommit(Runnable action) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          action.run();
        }
      });
    } else {
      action.run();
    }
  }

  private LexiconBank readable(Caller caller, long id) {
    caller.require(Permissions.GUARD_MANAGE);
    LexiconBank bank = repository.find(id).orElseThrow(() -> ApiException.notFound("lexicon", id));
    if (!bank.global() && !caller.canSeeTenant(bank.tenantId())) {
      throw ApiException.notFound("lexicon", id);
    }
    return bank;
  }

  private LexiconBank writable(Caller caller, long id) {
    LexiconBank bank = readable(caller, id);
    if (bank.global() && !caller.platformScope()) {
      throw ApiException.forbidden("guard.lexicon.global_read_only",
          "Only the platform's security administrator changes the global bank; add whitelist entries to your"
              + " tenant's bank to cancel its terms for your tenant");
    }
    return bank;
  }

  private Long tenantOf(Caller caller, BankSpec spec) {
    String scope = spec.scope() == null ? "tenant" : spec.scope();
    if (scope.equals("global")) {
      if (!caller.platformScope()) {
        throw ApiException.forbidden("guard.lexicon.global_read_only",
            "Only the platform's security administrator creates global banks");
      }
      return null;
    }
    if (!scope.equals("tenant")) {
      throw ApiException.invalid("scope", "must be global or tenant");
    }
    if (spec.tenantId() == null || spec.tenantId() == caller.tenantId()) {
      return caller.tenantId();
    }
    if (!caller.canSeeTenant(spec.tenantId())) {
      throw ApiException.notFound("tenant", spec.tenantId());
    }
    if (tenancy.tenantOf(spec.tenantId()) != spec.tenantId()) {
      throw ApiException.invalid("tenant_id", "is an org inside a tenant, not a tenant");
    }
    return spec.tenantId();
  }

  private static EntrySpec merged(EntryView v, EntrySpec s) {
    return new EntrySpec(s.term() != null ? s.term() : v.term(), s.riskType() != null ? s.riskType() : v.riskType(),
        s.level() != null ? s.level() : v.level(), s.requires() != null ? s.requires() : v.requires(),
        s.kind() != null ? s.kind() : v.kind(), s.note() != null ? s.note() : v.note());
  }

  /** What makes two entries the same: the term as matched, the kind and (for terms) the risk type. */
  static String identity(LexiconEntry e) {
    return Lexicon.key(e.term()) + "\u0000" + e.kind() + "\u0000" + (e.riskType() == null ? "" : e.riskType().code());
  }

  private static String describe(LexiconEntry e) {
    return e.kind().name().toLowerCase() + " " + e.term() + (e.riskType() == null ? "" : " (" + e.riskType().code()
        + ")");
  }

  private static String name(String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > 128) {
      throw ApiException.invalid("name", "1 to 128 characters");
    }
    return n;
  }

  private static String description(String description) {
    String d = description == null ? null : description.strip();
    if (d != null && d.length() > 1000) {
      throw ApiException.invalid("description", "at most 1000 characters");
    }
    return d == null || d.isEmpty() ? null : d;
  }
}
