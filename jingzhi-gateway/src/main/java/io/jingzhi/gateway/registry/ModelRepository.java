package io.jingzhi.gateway.registry;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Models, their aliases and endpoints. */
@Repository
public class ModelRepository {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public ModelRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public List<Model> all() {
    Map<Long, List<Endpoint>> endpoints = new HashMap<>();
    jdbc.sql("select * from gw_endpoints order by priority, id").query(rs -> {
      endpoints.computeIfAbsent(rs.getLong("model_id"), k -> new ArrayList<>()).add(endpoint(rs));
    });
    Map<Long, List<String>> aliases = new HashMap<>();
    jdbc.sql("select alias, model_id from gw_model_aliases order by alias").query(rs -> {
      aliases.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(rs.getString(1));
    });
    return jdbc.sql("select * from gw_models order by name").query((rs, i) -> model(rs,
        aliases.getOrDefault(rs.getLong("id"), List.of()), endpoints.getOrDefault(rs.getLong("id"), List.of())))
        .list();
  }

  public Optional<Model> find(long id) {
    return all().stream().filter(m -> m.id() == id).findFirst();
  }

  public Optional<Model> findByName(String name) {
    return all().stream().filter(m -> m.name().equals(name)).findFirst();
  }

  public boolean nameOrAliasTaken(String name, long exceptModelId) {
    long models = jdbc.sql("select count(*) from gw_models where name = :n and id <> :id").param("n", name)
        .param("id", exceptModelId).query(Long.class).single();
    long aliases = jdbc.sql("select count(*) from gw_model_aliases where alias = :n and model_id <> :id")
        .param("n", name).param("id", exceptModelId).query(Long.class).single();
    return models + aliases > 0;
  }

  public long insert(Model m, Instant now) {
    var keys = new GeneratedKeyHolder();
    bind(jdbc.sql("""
        insert into gw_models (name, kind, provider, family, version, parameter_size, context_length, modality,
          open_source, tags, description, routing, fallbacks, simulated, enabled, created_at, updated_at)
        values (:name, :kind, :provider, :family, :version, :size, :ctx, :modality, :open, :tags, :description,
          :routing, :fallbacks, :simulated, :enabled, :now, :now)"""), m).param("now", Sql.ts(now))
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  public void update(long id, Model m, Instant now) {
    bind(jdbc.sql("""
        update gw_models set name = :name, kind = :kind, provider = :provider, family = :family, version = :version,
          parameter_size = :size, context_length = :ctx, modality = :modality, open_source = :open, tags = :tags,
          description = :description, routing = :routing, fallbacks = :fallbacks, simulated = :simulated,
          enabled = :enabled, updated_at = :now where id = :id"""), m).param("now", Sql.ts(now)).param("id", id)
        .update();
  }

  public void delete(long id) {
    jdbc.sql("delete from gw_models where id = :id").param("id", id).update();
  }

  public void replaceAliases(long modelId, List<String> aliases) {
    jdbc.sql("delete from gw_model_aliases where model_id = :id").param("id", modelId).update();
    for (String alias : aliases) {
      jdbc.sql("insert into gw_model_aliases (alias, model_id) values (:a, :id)").param("a", alias)
          .param("id", modelId).update();
    }
  }

  public void replaceEndpoints(long modelId, List<Endpoint> endpoints, Instant now) {
    jdbc.sql("delete from gw_endpoints where model_id = :id").param("id", modelId).update();
    for (Endpoint e : endpoints) {
      jdbc.sql("""
          insert into gw_endpoints (model_id, url, upstream_model, api_key_sealed, weight, priority, max_concurrency,
            connect_timeout_ms, first_token_timeout_ms, idle_timeout_ms, total_timeout_ms, enabled, created_at)
          values (:model, :url, :um, :key, :weight, :priority, :conc, :ct, :ftt, :it, :tt, :enabled, :now)""")
          .param("model", modelId).param("url", e.url()).param("um", e.upstreamModel())
          .param("key", e.apiKeySealed()).param("weight", e.weight()).param("priority", e.priority())
          .param("conc", e.maxConcurrency()).param("ct", e.connectTimeoutMs()).param("ftt", e.firstTokenTimeoutMs())
          .param("it", e.idleTimeoutMs()).param("tt", e.totalTimeoutMs()).param("enabled", e.enabled())
          .param("now", Sql.ts(now)).update();
    }
  }

  private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Model m) {
    return spec.param("name", m.name()).param("kind", m.kind().wire()).param("provider", m.provider())
        .param("family", m.family()).param("version", m.version()).param("size", m.parameterSize())
        .param("ctx", m.contextLength()).param("modality", m.modality()).param("open", m.openSource())
        .param("tags", json.writeValueAsString(m.tags())).param("description", m.description())
        .param("routing", m.routing()).param("fallbacks", json.writeValueAsString(m.fallbacks()))
        .param("simulated", m.simulated()).param("enabled", m.enabled());
  }

  private Model model(ResultSet rs, List<String> aliases, List<Endpoint> endpoints) throws SQLException {
    Object open = rs.getObject("open_source");
    return new Model(rs.getLong("id"), rs.getString("name"), ModelKind.of(rs.getString("kind")),
        rs.getString("provider"), rs.getString("family"), rs.getString("version"), rs.getString("parameter_size"),
        Sql.nullableInt(rs, "context_length"), rs.getString("modality"), open == null ? null : rs.getBoolean("open_source"),
        json.readValue(rs.getString("tags"), STRINGS), rs.getString("description"), rs.getString("routing"),
        json.readValue(rs.getString("fallbacks"), STRINGS), rs.getBoolean("simulated"), rs.getBoolean("enabled"),
        aliases, endpoints, Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }

  private static Endpoint endpoint(ResultSet rs) throws SQLException {
    return new Endpoint(rs.getLong("id"), rs.getString("url"), rs.getString("upstream_model"),
        rs.getString("api_key_sealed"), rs.getInt("weight"), rs.getInt("priority"),
        Sql.nullableInt(rs, "max_concurrency"), rs.getInt("connect_timeout_ms"), rs.getInt("first_token_timeout_ms"),
        rs.getInt("idle_timeout_ms"), rs.getInt("total_timeout_ms"), rs.getBoolean("enabled"));
  }
}
