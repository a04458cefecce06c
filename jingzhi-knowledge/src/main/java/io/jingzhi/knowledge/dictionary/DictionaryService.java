package io.jingzhi.knowledge.dictionary;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.Tenancy;
import java.time.Clock;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Dictionaries and their entries. A tenant's users read ({@code kb:read}) their tenant's dictionaries and the
 * platform's, and change ({@code kb:write}) their tenant's; platform administrators manage all. Another tenant's
 * dictionary answers 404. Every change is audited and clears the search-time cache ({@link DictionaryCache}).
 */
@Service
public class DictionaryService {

  static final String RESOURCE = "kb_dictionary";
  static final String STARTER = "starter";

  private final DictionaryRepository repository;
  private final Tenancy tenancy;
  private final AuditLog audit;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  DictionaryService(DictionaryRepository repository, Tenancy tenancy, AuditLog audit,
      ApplicationEventPublisher events, Clock clock) {
    this.repository = repository;
    this.tenancy = tenancy;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  /** Published after every change of entries or links; the cache drops what it holds. */
  public record DictionariesChanged() {}

  public PageResult<Dictionary> list(Caller caller, String q, PageQuery page) {
    readerOnly(caller);
    return repository.page(tenants(caller), q, page).map(d -> withLinks(caller, d));
  }

  public Dictionary get(Caller caller, long id) {
    readerOnly(caller);
    return withLinks(caller, readable(caller, id));
  }

  @Transactional
  public Dictionary create(Caller caller, DictionarySpec spec) {
    caller.require(Permissions.KB_WRITE);
    DictionarySpec valid = validated(spec);
    Long tenant = tenancy.ownerTenant(caller, spec.tenantId());
    long id = repository.insert(valid, tenant, null, caller.userId(), clock.instant());
    audit.record(AuditRecord.success(caller, "kb.dictionary.create", RESOURCE, id, valid.name(), null, valid.name()));
    return get(caller, id);
  }

  @Transactional
  public Dictionary update(Caller caller, long id, DictionarySpec spec) {
    caller.require(Permissions.KB_WRITE);
    Dictionary before = writable(caller, id);
    if (spec.tenantId() != null && !spec.tenantId().equals(before.tenantId())) {
      throw ApiException.invalid("tenant_id", "a dictionary cannot move to another tenant");
    }
    DictionarySpec valid = validated(spec);
    repository.update(id, valid.name(), valid.description(), clock.instant());
    audit.record(AuditRecord.success(caller, "kb.dictionary.update", RESOURCE, id, valid.name(), before.name(),
        valid.name()));
    return get(caller, id);
  }

  @Transactional
  public void delete(Caller caller, long id) {
    caller.require(Permissions.KB_WRITE);
    Dictionary before = writable(caller, id);
    repository.delete(id);
    changed();
    audit.record(AuditRecord.success(caller, "kb.dictionary.delete", RESOURCE, id, before.name(),
        before.entryCount() + " entries", null));
  }

  // entries

  public PageResult<DictionaryEntry> entries(Caller caller, long id, String q, String kind, PageQuery page) {
    readerOnly(caller);
    readable(caller, id);
    return repository.entries(id, q, kind, page);
  }

  public List<DictionaryEntry> allEntries(Caller caller, long id) {
    readerOnly(caller);
    readable(caller, id);
    return repository.allEntries(id);
  }

  @Transactional
  public DictionaryEntry addEntry(Caller caller, long id, EntrySpec spec) {
    caller.require(Permissions.KB_WRITE);
    writable(caller, id);
    EntrySpec valid = spec.validated("");
    if (repository.findEntry(id, valid.term(), valid.kind()).isPresent()) {
      throw ApiException.conflict("dictionary.entry_exists", "the dictionary already has the " + valid.kind()
          + " '" + valid.term() + "'; change that entry instead");
    }
    long entryId = repository.insertEntry(id, valid, clock.instant());
    entryChanged(caller, id, "kb.dictionary.entry.create", entryId, valid.term());
    return repository.findEntry(id, entryId).orElseThrow();
  }

  @Transactional
  public DictionaryEntry updateEntry(Caller caller, long id, long entryId, EntrySpec spec) {
    caller.require(Permissions.KB_WRITE);
    writable(caller, id);
    entry(id, entryId);
    EntrySpec valid = spec.validated("");
    repository.findEntry(id, valid.term(), valid.kind()).filter(other -> other.id() != entryId).ifPresent(other -> {
      throw ApiException.conflict("dictionary.entry_exists", "the dictionary already has the " + valid.kind()
          + " '" + valid.term() + "' (entry " + other.id() + ")");
    });
    repository.updateEntry(entryId, valid, clock.instant());
    entryChanged(caller, id, "kb.dictionary.entry.update", entryId, valid.term());
    return repository.findEntry(id, entryId).orElseThrow();
  }

  @Transactional
  public void deleteEntry(Caller caller, long id, long entryId) {
    caller.require(Permissions.KB_WRITE);
    writable(caller, id);
    DictionaryEntry before = entry(id, entryId);
    repository.deleteEntry(entryId);
    entryChanged(caller, id, "kb.dictionary.entry.delete", entryId, before.term());
  }

  /** Result of an import: entries added, entries whose targets changed, entries already as in the file. */
  public record ImportResult(int imported, int created, int updated, int unchanged, List<FieldError> errors) {}

  /** Checks the caller may change the dictionary, before its file is read. */
  public void requireWritable(Caller caller, long id) {
    caller.require(Permissions.KB_WRITE);
    writable(caller, id);
  }

  /**
   * Imports validated rows: an entry with the same term and kind is updated, others are added; {@code replace}
   * drops the entries that are not in the file. All or nothing: it runs in one transaction.
   */
  @Transactional
  public ImportResult importEntries(Caller caller, long id, List<EntrySpec> rows, boolean replace) {
    caller.require(Permissions.KB_WRITE);
    writable(caller, id);
    if (replace) {
      repository.deleteAllEntries(id);
    }
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    var now = clock.instant();
    for (EntrySpec row : rows) {
      var existing = repository.findEntry(id, row.term(), row.kind());
      if (existing.isEmpty()) {
        repository.insertEntry(id, row, now);
        created++;
      } else if (!existing.get().targets().equals(row.targets())) {
        repository.updateEntry(existing.get().id(), row, now);
        updated++;
      } else {
        unchanged++;
      }
    }
    repository.touch(id, now);
    changed();
    audit.record(AuditRecord.success(caller, "kb.dictionary.import", RESOURCE, id, null, null,
        "created " + created + ", updated " + updated + (replace ? " (replace)" : "")));
    return new ImportResult(created + updated, created, updated, unchanged, List.of());
  }

  /** The shipped government dictionary for a tenant: created once, found again on later calls. */
  @Transactional
  public StarterResult loadStarter(Caller caller, Long requestedTenant, List<EntrySpec> starterEntries) {
    caller.require(Permissions.KB_WRITE);
    Long tenant = tenancy.ownerTenant(caller, requestedTenant);
    var existing = repository.findByOrigin(tenant, STARTER);
    if (existing.isPresent()) {
      return new StarterResult(get(caller, existing.get().id()), false);
    }
    var spec = new DictionarySpec("政务通用词典", "常见政务简称、同义词与口语转义（京智内置，可按需修改）", tenant);
    long id = repository.insert(spec, tenant, STARTER, caller.userId(), clock.instant());
    var now = clock.instant();
    starterEntries.forEach(e -> repository.insertEntry(id, e, now));
    changed();
    audit.record(AuditRecord.success(caller, "kb.dictionary.starter", RESOURCE, id, spec.name(), null,
        starterEntries.size() + " entries"));
    return new StarterResult(get(caller, id), true);
  }

  /** The dictionaries linked to a base changed; the base's own record of them follows. */
  public record LinksChanged(long kbId, List<Long> dictionaryIds) {}

  /** The starter dictionary and whether this call created it. */
  public record StarterResult(Dictionary dictionary, boolean created) {}

  // links to knowledge bases (the caller's right to change the base is checked by the caller of these)

  public List<Long> linkedDictionaries(long kbId) {
    return repository.linkedDictionaries(kbId);
  }

  /**
   * Links exactly these dictionaries to a base of the tenant {@code kbTenantId}. A dictionary the caller cannot
   * read (unknown or another tenant's) is refused as one that does not exist.
   */
  @Transactional
  public List<Long> link(Caller caller, long kbId, long kbTenantId, List<Long> dictionaryIds) {
    caller.require(Permissions.KB_WRITE);
    List<Long> ids = dictionaryIds == null ? List.of() : dictionaryIds.stream().filter(java.util.Objects::nonNull).distinct().sorted().toList();
    for (int i = 0; i < ids.size(); i++) {
      long id = ids.get(i);
      Dictionary d = repository.find(id).orElse(null);
      if (d == null || !(d.tenantId() == null || d.tenantId() == kbTenantId) || !visible(caller, d)) {
        throw ApiException.invalid("dictionary_ids[" + i + "]", "no dictionary with the id " + id);
      }
    }
    List<Long> before = repository.linkedDictionaries(kbId);
    repository.replaceLinks(kbId, kbTenantId, ids);
    events.publishEvent(new LinksChanged(kbId, ids));
    changed();
    audit.record(AuditRecord.success(caller, "kb.dictionary.link", "knowledge_base", kbId, null, before.toString(),
        ids.toString()));
    return ids;
  }

  /** Forgets the links of a base that is being deleted (for the knowledge-base service, inside its transaction). */
  @Transactional
  public void unlinkBase(long kbId) {
    repository.replaceLinks(kbId, 0, List.of());
    changed();
  }

  private void entryChanged(Caller caller, long id, String action, long entryId, String term) {
    repository.touch(id, clock.instant());
    changed();
    audit.record(AuditRecord.success(caller, action, RESOURCE, id, term, null, "entry " + entryId));
  }

  private void changed() {
    events.publishEvent(new DictionariesChanged());
  }

  private DictionaryEntry entry(long id, long entryId) {
    return repository.findEntry(id, entryId).orElseThrow(() -> ApiException.notFound("dictionary_entry", entryId));
  }

  private List<Long> tenants(Caller caller) {
    return caller.platformScope() ? null : List.of(caller.tenantId());
  }

  private Dictionary withLinks(Caller caller, Dictionary d) {
    return d.withKbIds(repository.linkedBases(d.id(), tenants(caller)));
  }

  private boolean visible(Caller caller, Dictionary d) {
    return d.tenantId() == null || caller.canSeeTenant(d.tenantId());
  }

  private Dictionary readable(Caller caller, long id) {
    return repository.find(id).filter(d -> visible(caller, d))
        .orElseThrow(() -> ApiException.notFound("dictionary", id));
  }

  private Dictionary writable(Caller caller, long id) {
    Dictionary d = readable(caller, id);
    if (d.tenantId() == null && !caller.platformScope()) {
      throw ApiException.forbidden("dictionary.read_only", "platform dictionaries are changed by platform "
          + "administrators; copy its entries into a dictionary of your own");
    }
    return d;
  }

  private static DictionarySpec validated(DictionarySpec spec) {
    String name = spec.name() == null ? "" : spec.name().strip();
    if (name.isEmpty() || name.length() > 128) {
      throw ApiException.invalid("name", "required, at most 128 characters");
    }
    String description = spec.description() == null ? "" : spec.description().strip();
    if (description.length() > 1000) {
      throw ApiException.invalid("description", "at most 1000 characters");
    }
    return new DictionarySpec(name, description, spec.tenantId());
  }

  /** Reading is for signed-in users: API keys (which carry kb:read for retrieval) do not browse dictionaries. */
  private static void readerOnly(Caller caller) {
    caller.require(Permissions.KB_READ);
    if (caller.authType() != Caller.AuthType.USER) {
      throw ApiException.forbidden("user_only", "Dictionaries are managed by signed-in users; API keys cannot read them");
    }
  }

}
