package io.jingzhi.guard.proxy;

import io.jingzhi.common.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stored reverse-proxy routes. */
@Repository
class ProxyRouteRepository {

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ProxyRouteRepository(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** An org as the proxy's org header may name it. */
  record OrgRef(long id, Long tenantId) {}

  /** Every enabled org by its code (the proxy resolves org headers from this, never per request). */
  Map<String, OrgRef> orgsByCode() {
    Map<String, OrgRef> out = new java.util.HashMap<>();
    jdbc.sql("select id, code, tenant_id from iam_orgs where enabled = true").query(rs -> {
      long tenant = rs.getLong(3);
      out.put(rs.getString(2), new OrgRef(rs.getLong(1), rs.wasNull() ? null : tenant));
    });
    return Map.copyOf(out);
  }

  List<ProxyRoute> all() {
    return jdbc.sql("select * from guard_proxy_routes order by code").query((rs, i) -> route(rs)).list();
  }

  /** One page of the routes of a tenant (null: every tenant), ordered by code. */
  List<ProxyRoute> page(Long tenantId, long offset, int limit) {
    String where = tenantId == null ? "" : " where tenant_id = :t";
    var spec = jdbc.sql("select * from guard_proxy_routes" + where + " order by code offset :o rows fetch next :l "
        + "rows only").param("o", offset).param("l", limit);
    if (tenantId != null) {
      spec = spec.param("t", tenantId);
    }
    return spec.query((rs, i) -> route(rs)).list();
  }

  long count(Long tenantId) {
    if (tenantId == null) {
      return jdbc.sql("select count(*) from guard_proxy_routes").query(Long.class).single();
    }
    return jdbc.sql("select count(*) from guard_proxy_routes where tenant_id = :t").param("t", tenantId)
        .query(Long.class).single();
  }

  Optional<ProxyRoute> find(long id) {
    return jdbc.sql("select * from guard_proxy_routes where id = :id").param("id", id).query((rs, i) -> route(rs))
        .optional();
  }

  boolean codeTaken(String code, long exceptId) {
    return jdbc.sql("select count(*) from guard_proxy_routes where code = :c and id <> :id").param("c", code)
        .param("id", exceptId).query(Long.class).single() > 0;
  }

  /** Another route with the same host (or both none) and path prefix, if any. */
  Optional<ProxyRoute> sameMatch(String host, String pathPrefix, long exceptId) {
    return jdbc.sql("select * from guard_proxy_routes where path_prefix = :p and id <> :id").param("p", pathPrefix)
        .param("id", exceptId).query((rs, i) -> route(rs)).stream()
        .filter(r -> java.util.Objects.equals(r.host(), host)).findFirst();
  }

  /** The org owning an app's project, if the app exists (iam's tables, read-only). */
  Optional<Long> appOrg(long appId) {
    return jdbc.sql("select p.org_id from iam_apps a join iam_projects p on p.id = a.project_id where a.id = :id")
        .param("id", appId).query(Long.class).optional();
  }

  long insert(ProxyRoute r, Instant now) {
    var keys = new GeneratedKeyHolder();
    bind(jdbc.sql("""
        insert into guard_proxy_routes (code, name, enabled, tenant_id, app_id, host, path_prefix, upstream_url,
          connect_timeout_ms, read_timeout_ms, identity_header, org_header, uri_overwrite, rewrite_regex,
          rewrite_replacement, redirect_url, redirect_status, extraction, request_paths, response_paths, stream_paths,
          block_non_json, blocked_shape, blocked_template, blocked_path, blocked_status, created_at, updated_at)
        values (:code, :name, :enabled, :tenant, :app, :host, :prefix, :upstream, :cto, :rto, :idh, :orgh, :overwrite,
          :regex, :replacement, :redirect, :rstatus, :extraction, :reqp, :resp, :ssep, :nonjson, :shape, :template,
          :bpath, :bstatus, :now, :now)"""), r).param("now", Sql.ts(now)).update(keys, "id");
    return keys.getKey().longValue();
  }

  void update(long id, ProxyRoute r, Instant now) {
    bind(jdbc.sql("""
        update guard_proxy_routes set code = :code, name = :name, enabled = :enabled, tenant_id = :tenant,
          app_id = :app, host = :host, path_prefix = :prefix, upstream_url = :upstream, connect_timeout_ms = :cto,
          read_timeout_ms = :rto, identity_header = :idh, org_header = :orgh, uri_overwrite = :overwrite,
          rewrite_regex = :regex, rewrite_replacement = :replacement, redirect_url = :redirect,
          redirect_status = :rstatus, extraction = :extraction, request_paths = :reqp, response_paths = :resp,
          stream_paths = :ssep, block_non_json = :nonjson, blocked_shape = :shape, blocked_template = :template,
          blocked_path = :bpath, blocked_status = :bstatus, updated_at = :now where id = :id"""), r)
        .param("now", Sql.ts(now)).param("id", id).update();
  }

  void delete(long id) {
    jdbc.sql("delete from guard_proxy_routes where id = :id").param("id", id).update();
  }

  private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec s, ProxyRoute r) {
    return s.param("code", r.code()).param("name", r.name()).param("enabled", r.enabled())
        .param("tenant", r.tenantId()).param("app", r.appId()).param("host", r.host())
        .param("prefix", r.pathPrefix()).param("upstream", r.upstreamUrl()).param("cto", r.connectTimeoutMs())
        .param("rto", r.readTimeoutMs()).param("idh", r.identityHeader()).param("orgh", r.orgHeader())
        .param("overwrite", r.uriOverwrite()).param("regex", r.rewriteRegex())
        .param("replacement", r.rewriteReplacement()).param("redirect", r.redirectUrl())
        .param("rstatus", r.redirectStatus()).param("extraction", r.extraction())
        .param("reqp", json.writeValueAsString(r.requestPaths()))
        .param("resp", json.writeValueAsString(r.responsePaths()))
        .param("ssep", json.writeValueAsString(r.streamPaths())).param("nonjson", r.blockNonJson())
        .param("shape", r.blockedShape()).param("template", r.blockedTemplate()).param("bpath", r.blockedPath())
        .param("bstatus", r.blockedStatus());
  }

  private ProxyRoute route(ResultSet rs) throws SQLException {
    return new ProxyRoute(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getBoolean("enabled"),
        rs.getLong("tenant_id"), Sql.nullableLong(rs, "app_id"), rs.getString("host"), rs.getString("path_prefix"),
        rs.getString("upstream_url"), rs.getInt("connect_timeout_ms"), rs.getInt("read_timeout_ms"),
        rs.getString("identity_header"), rs.getString("org_header"), rs.getString("uri_overwrite"),
        rs.getString("rewrite_regex"), rs.getString("rewrite_replacement"), rs.getString("redirect_url"),
        Sql.nullableInt(rs, "redirect_status"), rs.getString("extraction"),
        json.readValue(rs.getString("request_paths"), STRINGS), json.readValue(rs.getString("response_paths"), STRINGS),
        json.readValue(rs.getString("stream_paths"), STRINGS), rs.getBoolean("block_non_json"),
        rs.getString("blocked_shape"), rs.getString("blocked_template"), rs.getString("blocked_path"),
        rs.getInt("blocked_status"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }
}
