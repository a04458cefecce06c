package io.jingzhi.gateway.registry;

import io.jingzhi.iam.api.BootstrapContext;
import io.jingzhi.iam.api.ListBootstrapSection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The {@code models} section of the bootstrap file: {@code models[]} {name, kind, family, version, aliases[],
 * simulated, routing, fallbacks[], endpoints[] {url, upstream_model, api_key, weight, priority, max_concurrency}}.
 * An endpoint's {@code api_key} (usually {@code ${ENV_VAR}}) is resolved only when the model is created or when
 * the value can be resolved; otherwise the stored key is kept.
 */
@Component
class ModelsBootstrapSection extends ListBootstrapSection {

  private static final Set<String> MODEL_FIELDS = Set.of("name", "kind", "provider", "family", "version",
      "parameter_size", "context_length", "modality", "open_source", "tags", "description", "routing", "fallbacks",
      "simulated", "enabled", "aliases", "endpoints");
  private static final Set<String> ENDPOINT_FIELDS = Set.of("url", "upstream_model", "api_key", "weight", "priority",
      "max_concurrency", "connect_timeout_ms", "first_token_timeout_ms", "idle_timeout_ms", "total_timeout_ms",
      "enabled");

  private final ModelService service;
  private final ModelRepository repository;

  ModelsBootstrapSection(ModelService service, ModelRepository repository) {
    super("models", 100, "models");
    this.service = service;
    this.repository = repository;
  }

  @Override
  protected void validate(JsonNode m, String path, Set<String> names, BootstrapContext ctx) {
    if (!ctx.mapping(m, MODEL_FIELDS, path)) {
      return;
    }
    String name = m.path("name").asString("");
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}")) {
      ctx.problem(path + ".name", "required: letters, digits and _ . : / - (max 128)");
    } else if (!names.add(name)) {
      ctx.problem(path + ".name", "duplicate model " + name);
    }
    String kind = m.path("kind").asString("");
    if (!Set.of("chat", "embedding", "rerank").contains(kind)) {
      ctx.problem(path + ".kind", "required: chat, embedding or rerank");
    }
    String provider = m.path("provider").asString(Model.PROVIDER_OPENAI);
    if (!provider.equals(Model.PROVIDER_OPENAI) && !provider.equals(Model.PROVIDER_IN_PROCESS)) {
      ctx.problem(path + ".provider", "must be openai or in_process");
    }
    JsonNode endpoints = m.path("endpoints");
    if (provider.equals(Model.PROVIDER_OPENAI) && (!endpoints.isArray() || endpoints.isEmpty())) {
      ctx.problem(path + ".endpoints", "a model served over HTTP needs at least one endpoint");
    }
    for (int j = 0; endpoints.isArray() && j < endpoints.size(); j++) {
      validateEndpoint(endpoints.get(j), path + ".endpoints[" + j + "]", ctx);
    }
  }

  private static void validateEndpoint(JsonNode e, String path, BootstrapContext ctx) {
    if (!ctx.mapping(e, ENDPOINT_FIELDS, path)) {
      return;
    }
    Optional<String> resolved = ctx.resolve(path + ".url", e.path("url").asString(""));
    if (resolved.isEmpty()) {
      return; // the unresolved reference is already reported
    }
    String url = resolved.get();
    try {
      URI uri = URI.create(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        ctx.problem(path + ".url", "must be an http(s) base URL such as http://10.0.0.5:8000/v1");
      }
    } catch (IllegalArgumentException ex) {
      ctx.problem(path + ".url", "must be an http(s) base URL such as http://10.0.0.5:8000/v1");
    }
    for (String f : List.of("weight", "priority", "max_concurrency", "connect_timeout_ms", "first_token_timeout_ms",
        "idle_timeout_ms", "total_timeout_ms")) {
      JsonNode v = e.get(f);
      if (v != null && (!v.isIntegralNumber() || v.asInt() < (f.equals("weight") || f.equals("priority") ? 0 : 1))) {
        ctx.problem(path + "." + f, "must be a " + (f.equals("weight") || f.equals("priority") ? "non-negative"
            : "positive") + " integer");
      }
    }
  }

  @Override
  public void apply(JsonNode section, BootstrapContext ctx) {
    for (Entry entry : entries(section)) {
      JsonNode m = entry.node();
      String name = m.get("name").asString();
      Optional<Model> existing = repository.findByName(name);
      List<ModelService.EndpointSpec> endpoints = new ArrayList<>();
      JsonNode list = m.path("endpoints");
      for (int j = 0; list.isArray() && j < list.size(); j++) {
        JsonNode e = list.get(j);
        String key = null;
        if (e.hasNonNull("api_key")) {
          String path = entry.path() + ".endpoints[" + j + "].api_key";
          boolean needed = existing.isEmpty() || existing.get().endpoints().stream()
              .noneMatch(x -> x.url().equals(ctx.resolve(path, e.path("url").asString()).orElse("")) && x.hasApiKey());
          key = needed ? ctx.resolve(path, e.get("api_key").asString()).orElse(null) : null;
        }
        String url = ctx.resolve(entry.path() + ".endpoints[" + j + "].url", e.path("url").asString())
            .orElseThrow();
        endpoints.add(new ModelService.EndpointSpec(url, text(e, "upstream_model"), key,
            integer(e, "weight"), integer(e, "priority"), integer(e, "max_concurrency"),
            integer(e, "connect_timeout_ms"), integer(e, "first_token_timeout_ms"), integer(e, "idle_timeout_ms"),
            integer(e, "total_timeout_ms"), m.has("enabled") ? null : bool(e, "enabled")));
      }
      ModelService.ModelSpec spec = new ModelService.ModelSpec(name, ModelKind.of(m.get("kind").asString()),
          text(m, "provider"), text(m, "family"), text(m, "version"), text(m, "parameter_size"),
          integer(m, "context_length"), text(m, "modality"), bool(m, "open_source"), strings(m, "tags"),
          text(m, "description"), text(m, "routing"), strings(m, "fallbacks"), bool(m, "simulated"),
          bool(m, "enabled"), strings(m, "aliases"), endpoints);
      Model before = existing.orElse(null);
      Model after = service.upsert(spec);
      if (before == null) {
        ctx.changed("model " + name + " registered");
      } else if (!same(before, after)) {
        ctx.changed("model " + name + " updated");
      }
    }
  }

  private static boolean same(Model a, Model b) {
    return a.kind() == b.kind() && a.enabled() == b.enabled() && a.aliases().equals(b.aliases())
        && a.fallbacks().equals(b.fallbacks()) && a.routing().equals(b.routing())
        && a.endpoints().size() == b.endpoints().size()
        && a.endpoints().stream().map(Endpoint::url).toList()
            .equals(b.endpoints().stream().map(Endpoint::url).toList());
  }

  private static Integer integer(JsonNode n, String f) {
    return n.hasNonNull(f) ? n.get(f).asInt() : null;
  }

  private static Boolean bool(JsonNode n, String f) {
    return n.hasNonNull(f) ? n.get(f).asBoolean() : null;
  }

  private static List<String> strings(JsonNode n, String f) {
    if (!n.hasNonNull(f)) {
      return null;
    }
    List<String> out = new ArrayList<>();
    n.get(f).forEach(v -> out.add(v.asString()));
    return out;
  }
}
