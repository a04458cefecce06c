package io.jingzhi.knowledge.base;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.gateway.api.ModelCallFailed;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.iam.api.ProjectDirectory;
import io.jingzhi.iam.api.ProjectDirectory.ProjectRef;
import io.jingzhi.knowledge.KnowledgeProperties;
import io.jingzhi.knowledge.index.KnowledgeIndex;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Creates, changes, lists and deletes knowledge bases, with an audit event for every change. */
@Service
public class KnowledgeBaseService {

  /** The text embedded once to learn a model's dimension. */
  static final String PROBE = "京智知识库维度探测";
  /** Embedding models of the gateway give normalised vectors: cosine is right for all of them. */
  public static final String SIMILARITY = "cosine";

  private final KnowledgeBaseRepository repository;
  private final KnowledgeBaseAccessPolicy access;
  private final ProjectDirectory directory;
  private final BaseSettings settings;
  private final ModelClient models;
  private final KnowledgeIndex index;
  private final KnowledgeProperties properties;
  private final AuditLog audit;
  private final ApplicationEventPublisher events;
  private final JsonMapper json;
  private final Clock clock;

  public KnowledgeBaseService(KnowledgeBaseRepository repository, KnowledgeBaseAccessPolicy access,
      ProjectDirectory directory, BaseSettings settings, ModelClient models, KnowledgeIndex index,
      KnowledgeProperties properties, AuditLog audit, ApplicationEventPublisher events, JsonMapper json,
      Clock clock) {
    this.repository = repository;
    this.access = access;
    this.directory = directory;
    this.settings = settings;
    this.models = models;
    this.index = index;
    this.properties = properties;
    this.audit = audit;
    this.events = events;
    this.json = json;
    this.clock = clock;
  }

  /** A base's embedding model changed: its chunks must be re-embedded. */
  public record EmbeddingModelChanged(KnowledgeBase base, long userId) {}

  /** A base was deleted: its files and jobs go too. */
  public record KnowledgeBaseDeleted(long kbId) {}

  /**
   * The dictionaries a create or update named for the base ({@code dictionary_ids}); the dictionary feature links
   * them (inside the same transaction, so an unknown dictionary undoes the change).
   */
  public record DictionariesRequested(Caller caller, long kbId, long tenantId, List<Long> dictionaryIds) {}

  public PageResult<KnowledgeBase> list(Caller caller, String q, String group, PageQuery page) {
    caller.require(Permissions.KB_READ);
    List<KnowledgeBase> visible = repository.candidates(caller.platformScope() ? null : caller.tenantId(), q, group)
        .stream().filter(b -> access.mayRead(caller, b)).toList();
    int from = (int) Math.min(visible.size(), page.offset());
    int to = Math.min(visible.size(), from + page.size());
    return new PageResult<>(visible.subList(from, to), visible.size(), page.page(), page.size());
  }

  public KnowledgeBase get(Caller caller, long id) {
    return access.readable(caller, id);
  }

  @Transactional
  public KnowledgeBase create(Caller caller, KnowledgeBaseInput in) {
    caller.require(Permissions.KB_WRITE);
    ProjectRef project = project(caller, in.project());
    String code = in.code() == null || in.code().isBlank()
        ? "kb-" + UUID.randomUUID().toString().substring(0, 8) : in.code().strip();
    if (repository.findByCode(code).isPresent()) {
      throw ApiException.conflict("knowledge_base.code_taken", "A knowledge base with code " + code + " exists");
    }
    String model = in.embeddingModel() == null || in.embeddingModel().isBlank()
        ? properties.defaultEmbeddingModel() : in.embeddingModel().strip();
    int dimension = probe(caller, model);
    var row = row(code, in, project, model, dimension, null);
    long id = repository.insert(row, caller.userId(), clock.instant());
    index.ensureBase(id, dimension, SIMILARITY);
    if (in.dictionaryIds() != null) {
      events.publishEvent(new DictionariesRequested(caller, id, row.tenantId(), in.dictionaryIds()));
    }
    KnowledgeBase created = repository.find(id).orElseThrow();
    audit.record(AuditRecord.success(caller, "kb.create", "knowledge_base", id, created.name(), null,
        summary(created)));
    return created;
  }

  @Transactional
  public KnowledgeBase update(Caller caller, long id, KnowledgeBaseInput in) {
    KnowledgeBase before = access.writable(caller, id);
    ProjectRef project = in.project() == null ? directory.byId(before.projectId()).orElseThrow()
        : project(caller, in.project());
    if (!caller.platformScope() && project.tenantId() != before.tenantId()) {
      throw ApiException.notFound("project", in.project());
    }
    String model = in.embeddingModel() == null || in.embeddingModel().isBlank() ? before.embeddingModel()
        : in.embeddingModel().strip();
    int dimension = model.equals(before.embeddingModel()) ? before.embeddingDimension() : probe(caller, model);
    repository.update(id, row(before.code(), in, project, model, dimension, before), clock.instant());
    if (in.dictionaryIds() != null) {
      events.publishEvent(new DictionariesRequested(caller, id, before.tenantId(), in.dictionaryIds()));
    }
    KnowledgeBase after = repository.find(id).orElseThrow();
    if (!model.equals(before.embeddingModel())) {
      // The stored vectors are the old model's: a rebuild re-embeds them (a job of this caller, same transaction).
      events.publishEvent(new EmbeddingModelChanged(after, caller.userId()));
    }
    audit.record(AuditRecord.success(caller, "kb.update", "knowledge_base", id, after.name(), summary(before),
        summary(after)));
    return after;
  }

  /** The base's record of its dictionaries follows the links, however they were set. */
  @org.springframework.context.event.EventListener
  void onDictionaryLinks(io.jingzhi.knowledge.dictionary.DictionaryService.LinksChanged event) {
    repository.updateDictionaryIds(event.kbId(), event.dictionaryIds());
  }

  @Transactional
  public void delete(Caller caller, long id) {
    KnowledgeBase base = access.writable(caller, id);
    repository.delete(id);
    index.deleteBase(id);
    events.publishEvent(new KnowledgeBaseDeleted(id));
    audit.record(AuditRecord.success(caller, "kb.delete", "knowledge_base", id, base.name(), summary(base), null));
  }

  /**
   * Creates a base for the bootstrap file as {@code userId}, without learning its model's dimension yet (the
   * gateway's model registry is loaded after the bootstrap); the first job on the base learns it
   * ({@link #ensureDimension}).
   */
  @Transactional
  public KnowledgeBase createForBootstrap(long userId, KnowledgeBaseInput in, ProjectRef project) {
    String model = in.embeddingModel() == null || in.embeddingModel().isBlank()
        ? properties.defaultEmbeddingModel() : in.embeddingModel().strip();
    long id = repository.insert(row(in.code(), in, project, model, 0, null), userId, clock.instant());
    return repository.find(id).orElseThrow();
  }

  /** The base with its embedding dimension known: probed now as the caller when it was not yet. */
  @Transactional
  public KnowledgeBase ensureDimension(KnowledgeBase base, Caller caller) {
    if (base.embeddingDimension() > 0) {
      return base;
    }
    int dimension = probe(caller, base.embeddingModel());
    repository.dimension(base.id(), dimension);
    index.ensureBase(base.id(), dimension, SIMILARITY);
    return repository.find(base.id()).orElseThrow();
  }

  /** The dimension of a model's vectors, learned by embedding a probe text as the caller. */
  public int probe(Caller caller, String model) {
    try {
      List<float[]> vectors = models.embed(caller, model, List.of(PROBE));
      int dimension = vectors.getFirst().length;
      if (dimension < 2 || dimension > 4096) {
        throw ApiException.invalid("embedding_model", "the model's vectors have " + dimension
            + " dimensions; 2 to 4096 are supported");
      }
      return dimension;
    } catch (ModelCallFailed e) {
      if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.BAD_REQUEST) {
        throw ApiException.invalid("embedding_model", "'" + model + "' is no embedding model of the gateway ("
            + e.getMessage() + ")");
      }
      throw e;
    }
  }

  private ProjectRef project(Caller caller, String code) {
    if (code == null || code.isBlank()) {
      throw ApiException.invalid("project", "required: the code of the owning project");
    }
    ProjectRef project = directory.byCode(code.strip())
        .orElseThrow(() -> ApiException.notFound("project", code));
    if (!caller.canSeeTenant(project.tenantId())) {
      throw ApiException.notFound("project", code);
    }
    if (!access.mayOwn(caller, project.tenantId(), project.orgId())) {
      // Another department's project: its bases would not be the caller's to change (nor, often, to read).
      throw ApiException.forbidden("knowledge_base.project_not_yours", "Project " + project.code()
          + " belongs to another department; create the base in a project of your own department");
    }
    return project;
  }

  private KnowledgeBaseRepository.Row row(String code, KnowledgeBaseInput in, ProjectRef project, String model,
      int dimension, KnowledgeBase before) {
    String sharing = in.sharing() != null ? in.sharing() : before != null ? before.sharing() : "private";
    List<Long> shared = in.sharedOrgIds() != null ? in.sharedOrgIds() : before != null ? before.sharedOrgIds()
        : List.of();
    if (!"orgs".equals(sharing)) {
      shared = List.of();
    } else if (shared.isEmpty()) {
      throw ApiException.invalid("shared_org_ids", "sharing 'orgs' needs at least one org id");
    }
    for (Long org : shared) {
      if (org == null || !directory.orgExists(org)) {
        throw ApiException.invalid("shared_org_ids", "no org with the id " + org);
      }
    }
    var chunking = settings.chunking(in.chunking() != null ? in.chunking() : before != null ? before.chunking()
        : null);
    var retrieval = in.retrieval() != null ? settings.retrieval(in.retrieval())
        : before != null ? before.retrieval() : settings.retrieval(null);
    List<Long> dictionaries = in.dictionaryIds() != null ? List.copyOf(in.dictionaryIds())
        : before != null ? before.dictionaryIds() : List.of();
    String group = in.group() != null ? blankToNull(in.group()) : before != null ? before.group() : null;
    String description = in.description() != null ? in.description() : before != null ? before.description() : null;
    var cleaning = settings.cleaning(in.cleaning() != null ? in.cleaning() : before != null ? before.cleaning() : null);
    return new KnowledgeBaseRepository.Row(code, in.name().strip(), description, project.id(), project.orgId(),
        project.tenantId(), group, sharing, List.copyOf(shared), model, dimension, json.writeValueAsString(chunking),
        json.writeValueAsString(retrieval), dictionaries, json.writeValueAsString(cleaning));
  }

  private String summary(KnowledgeBase base) {
    String text = json.writeValueAsString(base);
    return text.length() <= 8000 ? text : text.substring(0, 8000) + "…";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
