package io.jingzhi.gateway.registry;

import io.jingzhi.common.crypto.SecretBox;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.gateway.api.AppModels;
import io.jingzhi.iam.api.AuditLog;
import io.jingzhi.iam.api.AuditRecord;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Registers, changes and removes models; upstream keys are sealed before they are stored. */
@Service
public class ModelService {

  private final ModelRepository repository;
  private final SecretBox secrets;
  private final AuditLog audit;
  private final JsonMapper json;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public ModelService(ModelRepository repository, SecretBox secrets, AuditLog audit, JsonMapper json,
      ApplicationEventPublisher events, Clock clock) {
    this.repository = repository;
    this.secrets = secrets;
    this.audit = audit;
    this.json = json;
    this.events = events;
    this.clock = clock;
  }

  /** An endpoint as given by an operator, with the upstream key in clear (null: keep / none). */
  public record EndpointSpec(String url, String upstreamModel, String apiKey, Integer weight, Integer priority,
      Integer maxConcurrency, Integer connectTimeoutMs, Integer firstTokenTimeoutMs, Integer idleTimeoutMs,
      Integer totalTimeoutMs, Boolean enabled) {}

  /** A model as given by an operator. */
  public record ModelSpec(String name, ModelKind kind, String provider, String family, String version,
      String parameterSize, Integer contextLength, String modality, Boolean openSource, List<String> tags,
      String description, String routing, List<String> fallbacks, Boolean simulated, Boolean enabled,
      List<String> aliases, List<EndpointSpec> endpoints) {}

  public List<Model> list(Caller caller) {
    caller.require(Permissions.MODEL_READ);
    return repository.all();
  }

  public Model get(Caller caller, long id) {
    caller.require(Permissions.MODEL_READ);
    return repository.find(id).orElseThrow(() -> ApiException.notFound("model", id));
  }

  @Transactional
  public Model create(Caller caller, ModelSpec spec) {
    caller.require(Permissions.MODEL_WRITE);
    // A name in use is a conflict here: only the bootstrap file brings an existing model in line (upsert).
    Model created = save(null, spec);
    audit.record(AuditRecord.success(caller, "model.create", "model", created.id(), created.name(), null,
        json.writeValueAsString(created)));
    return created;
  }

  @Transactional
  public Model update(Caller caller, long id, ModelSpec spec) {
    caller.require(Permissions.MODEL_WRITE);
    Model before = repository.find(id).orElseThrow(() -> ApiException.notFound("model", id));
    Model after = save(before, merge(before, spec));
    audit.record(AuditRecord.success(caller, "model.update", "model", id, after.name(),
        json.writeValueAsString(before), json.writeValueAsString(after)));
    return after;
  }

  @Transactional
  public void delete(Caller caller, long id) {
    caller.require(Permissions.MODEL_WRITE);
    Model model = repository.find(id).orElseThrow(() -> ApiException.notFound("model", id));
    repository.delete(id);
    events.publishEvent(new ModelCatalog.ModelsChanged());
    audit.record(AuditRecord.success(caller, "model.delete", "model", id, model.name(),
        json.writeValueAsString(model), null));
  }

  /** Creates the model, or brings an existing one of the same name in line with the spec (bootstrap). */
  @Transactional
  public Model upsert(ModelSpec spec) {
    var existing = spec.name() == null ? null : repository.findByName(spec.name()).orElse(null);
    return save(existing, existing == null ? spec : merge(existing, spec));
  }

  private Model save(Model existing, ModelSpec given) {
    ModelSpec spec = cleared(given);
    validate(spec, existing == null ? -1 : existing.id());
    var now = clock.instant();
    Model shape = new Model(0, spec.name(), spec.kind(), provider(spec), spec.family(), spec.version(),
        spec.parameterSize(), spec.contextLength(), spec.modality(), spec.openSource(), orEmpty(spec.tags()),
        spec.description(), spec.routing() == null ? "weighted" : spec.routing(), orEmpty(spec.fallbacks()),
        Boolean.TRUE.equals(spec.simulated()), spec.enabled() == null || spec.enabled(), orEmpty(spec.aliases()),
        List.of(), now, now);
    long id;
    if (existing == null) {
      id = repository.insert(shape, now);
    } else {
      id = existing.id();
      repository.update(id, shape, now);
    }
    repository.replaceAliases(id, orEmpty(spec.aliases()));
    repository.replaceEndpoints(id, endpoints(spec.endpoints(), existing), now);
    events.publishEvent(new ModelCatalog.ModelsChanged());
    return repository.find(id).orElseThrow();
  }

  private List<Endpoint> endpoints(List<EndpointSpec> specs, Model existing) {
    return orEmpty(specs).stream().map(s -> {
      String sealed = s.apiKey() != null && !s.apiKey().isBlank() ? secrets.encrypt(s.apiKey())
          : existing == null ? null : existing.endpoints().stream().filter(e -> e.url().equals(s.url()))
              .map(Endpoint::apiKeySealed).filter(java.util.Objects::nonNull).findFirst().orElse(null);
      return new Endpoint(0, s.url().strip(), s.upstreamModel(), sealed, orDefault(s.weight(), 1),
          orDefault(s.priority(), 0), s.maxConcurrency(), orDefault(s.connectTimeoutMs(), 3_000),
          orDefault(s.firstTokenTimeoutMs(), 60_000), orDefault(s.idleTimeoutMs(), 30_000),
          orDefault(s.totalTimeoutMs(), 600_000), s.enabled() == null || s.enabled());
    }).toList();
  }

  private static List<String> concat(String name, List<String> aliases) {
    List<String> all = new java.util.ArrayList<>(aliases);
    all.addFirst(name);
    return all;
  }

  private void validate(ModelSpec spec, long exceptId) {
    if (spec.name() == null || !spec.name().matches("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}")) {
      throw ApiException.invalid("name", "letters, digits and _ . : / - (max 128)");
    }
    if (spec.kind() == null) {
      throw ApiException.invalid("kind", "must be chat, embedding or rerank");
    }
    for (String name : concat(spec.name(), orEmpty(spec.aliases()))) {
      if (name != null && name.startsWith(AppModels.PREFIX)) {
        throw ApiException.invalid(name.equals(spec.name()) ? "name" : "aliases", "names starting with "
            + AppModels.PREFIX + " are the published agent apps'");
      }
    }
    if (repository.nameOrAliasTaken(spec.name(), exceptId)) {
      throw ApiException.conflict("model.name_taken", "A model or alias named " + spec.name() + " already exists");
    }
    for (String alias : orEmpty(spec.aliases())) {
      if (alias.equals(spec.name()) || repository.nameOrAliasTaken(alias, exceptId)) {
        throw ApiException.conflict("model.alias_taken", "The alias " + alias + " is already in use");
      }
    }
    String provider = provider(spec);
    if (!provider.equals(Model.PROVIDER_OPENAI) && !provider.equals(Model.PROVIDER_IN_PROCESS)) {
      throw ApiException.invalid("provider", "must be openai or in_process");
    }
    if (provider.equals(Model.PROVIDER_OPENAI) && orEmpty(spec.endpoints()).isEmpty()) {
      throw ApiException.invalid("endpoints", "a model served over HTTP needs at least one endpoint");
    }
    if (spec.routing() != null && !List.of("weighted", "least_in_flight", "latency").contains(spec.routing())) {
      throw ApiException.invalid("routing", "must be weighted, least_in_flight or latency");
    }
    List<EndpointSpec> endpoints = orEmpty(spec.endpoints());
    for (int i = 0; i < endpoints.size(); i++) {
      EndpointSpec e = endpoints.get(i);
      String field = "endpoints[" + i + "]";
      if (e.url() == null || !validUrl(e.url().strip())) {
        throw ApiException.invalid(field + ".url", "must be an http(s) URL such as http://10.0.0.5:8000/v1");
      }
      if (e.weight() != null && e.weight() < 0) {
        throw ApiException.invalid(field + ".weight", "must not be negative");
      }
      if (e.maxConcurrency() != null && e.maxConcurrency() < 1) {
        throw ApiException.invalid(field + ".max_concurrency", "must be at least 1");
      }
    }
  }

  /** A field left out (null) keeps its value; an empty text clears it. */
  private static ModelSpec merge(Model m, ModelSpec s) {
    return new ModelSpec(s.name() != null ? s.name() : m.name(), s.kind() != null ? s.kind() : m.kind(),
        s.provider() != null ? s.provider() : m.provider(), s.family() != null ? s.family() : m.family(),
        s.version() != null ? s.version() : m.version(),
        s.parameterSize() != null ? s.parameterSize() : m.parameterSize(),
        s.contextLength() != null ? s.contextLength() : m.contextLength(),
        s.modality() != null ? s.modality() : m.modality(), s.openSource() != null ? s.openSource() : m.openSource(),
        s.tags() != null ? s.tags() : m.tags(), s.description() != null ? s.description() : m.description(),
        s.routing() != null ? s.routing() : m.routing(), s.fallbacks() != null ? s.fallbacks() : m.fallbacks(),
        s.simulated() != null ? s.simulated() : m.simulated(), s.enabled() != null ? s.enabled() : m.enabled(),
        s.aliases() != null ? s.aliases() : m.aliases(),
        s.endpoints() != null ? s.endpoints() : m.endpoints().stream().map(e -> new EndpointSpec(e.url(),
            e.upstreamModel(), null, e.weight(), e.priority(), e.maxConcurrency(), e.connectTimeoutMs(),
            e.firstTokenTimeoutMs(), e.idleTimeoutMs(), e.totalTimeoutMs(), e.enabled())).toList());
  }

  private static ModelSpec cleared(ModelSpec s) {
    return new ModelSpec(s.name(), s.kind(), s.provider(), blankToNull(s.family()), blankToNull(s.version()),
        blankToNull(s.parameterSize()), s.contextLength(), blankToNull(s.modality()), s.openSource(), s.tags(),
        blankToNull(s.description()), s.routing(), s.fallbacks(), s.simulated(), s.enabled(), s.aliases(),
        s.endpoints() == null ? null : s.endpoints().stream().map(e -> new EndpointSpec(e.url(),
            blankToNull(e.upstreamModel()), e.apiKey(), e.weight(), e.priority(), e.maxConcurrency(),
            e.connectTimeoutMs(), e.firstTokenTimeoutMs(), e.idleTimeoutMs(), e.totalTimeoutMs(), e.enabled()))
            .toList());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String provider(ModelSpec spec) {
    return spec.provider() == null ? Model.PROVIDER_OPENAI : spec.provider();
  }

  private static boolean validUrl(String url) {
    try {
      URI uri = URI.create(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
