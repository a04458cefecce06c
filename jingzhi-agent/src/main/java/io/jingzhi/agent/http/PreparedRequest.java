package io.jingzhi.agent.http;

import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeFailure;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@code http} node's config resolved into one request: method, URL with query, headers, body. Values taken from
 * {@code auth} and headers or query parameters whose names look like credentials are remembered as secrets, so the
 * trace shows them masked.
 */
record PreparedRequest(String method, URI uri, Map<String, String> headers, byte[] body, Set<String> secrets) {

  static final String MASK = "******";
  private static final Pattern SECRET_NAME = Pattern.compile(
      "(?i)authorization|proxy-authorization|cookie|.*(key|token|secret|password|passwd|signature|credential).*");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static PreparedRequest of(NodeContext ctx) {
    JsonNode config = ctx.config();
    Object m = ctx.resolve("method");
    String method = m == null ? "GET" : String.valueOf(m).strip().toUpperCase(Locale.ROOT);
    if (!HttpNodeConfig.METHODS.contains(method)) {
      throw invalid("method " + method + " is not one of " + HttpNodeConfig.METHODS);
    }
    java.util.Set<String> secrets = new java.util.HashSet<>();
    Map<String, String> headers = new LinkedHashMap<>();
    strings(ctx.resolve("headers"), "headers").forEach((k, v) -> {
      headers.put(k, v);
      if (SECRET_NAME.matcher(k).matches()) {
        secrets.add(v);
      }
    });
    Map<String, String> query = new LinkedHashMap<>(strings(ctx.resolve("query"), "query"));
    query.forEach((k, v) -> {
      if (SECRET_NAME.matcher(k).matches()) {
        secrets.add(v);
      }
    });
    auth(ctx.resolve("auth"), headers, query, secrets);
    byte[] body = body(ctx, config.get("body"), headers);
    Object url = ctx.resolve("url");
    return new PreparedRequest(method, uri(url == null ? "" : String.valueOf(url).strip(), query),
        headers, body, Set.copyOf(secrets));
  }

  /** The text with every secret value replaced by the mask, for traces. */
  String mask(String text) {
    String out = text;
    for (String secret : secrets) {
      if (secret != null && secret.length() >= 3) {
        out = out.replace(secret, MASK);
        out = out.replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), MASK);
      }
    }
    return out;
  }

  Map<String, String> maskedHeaders() {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((k, v) -> out.put(k, SECRET_NAME.matcher(k).matches() ? MASK : mask(v)));
    return out;
  }

  private static void auth(Object auth, Map<String, String> headers, Map<String, String> query, Set<String> secrets) {
    if (!(auth instanceof Map<?, ?> a)) {
      return;
    }
    String type = String.valueOf(a.get("type") == null ? "none" : a.get("type"));
    switch (type) {
      case "bearer" -> {
        String token = text(a.get("token"));
        secrets.add(token);
        headers.put("Authorization", "Bearer " + token);
      }
      case "basic" -> {
        String user = text(a.get("username"));
        String password = text(a.get("password"));
        secrets.add(password);
        String pair = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        secrets.add(pair);
        headers.put("Authorization", "Basic " + pair);
      }
      case "api_key" -> {
        String name = text(a.get("name"));
        String value = text(a.get("value"));
        secrets.add(value);
        if ("query".equals(a.get("in"))) {
          query.put(name, value);
        } else {
          headers.put(name, value);
        }
      }
      case "none" -> { }
      default -> throw invalid("auth.type " + type + " is not one of " + HttpNodeConfig.AUTH_TYPES);
    }
  }

  private static byte[] body(NodeContext ctx, JsonNode spec, Map<String, String> headers) {
    if (spec == null || !spec.isObject()) {
      return null;
    }
    String type = spec.path("type").asString("none");
    Object content = ctx.resolve(spec.get("content"));
    return switch (type) {
      case "none" -> null;
      case "json" -> {
        contentType(headers, "application/json; charset=utf-8");
        // A text is sent as written (a template producing JSON); anything else is serialised.
        yield (content instanceof String s ? s : JSON.writeValueAsString(content)).getBytes(StandardCharsets.UTF_8);
      }
      case "form" -> {
        contentType(headers, "application/x-www-form-urlencoded");
        yield encode(strings(content, "body.content")).getBytes(StandardCharsets.UTF_8);
      }
      case "raw" -> {
        contentType(headers, "text/plain; charset=utf-8");
        yield (content == null ? "" : String.valueOf(content)).getBytes(StandardCharsets.UTF_8);
      }
      default -> throw invalid("body.type " + type + " is not one of " + HttpNodeConfig.BODY_TYPES);
    };
  }

  private static void contentType(Map<String, String> headers, String value) {
    if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
      headers.put("Content-Type", value);
    }
  }

  private static URI uri(String url, Map<String, String> query) {
    if (url.isEmpty()) {
      throw invalid("url resolved to nothing");
    }
    String full = query.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + encode(query);
    try {
      URI uri = URI.create(full);
      if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
        throw invalid("url " + full + " is not an absolute http or https URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw invalid("url " + url + " is not a valid URL: " + e.getMessage());
    }
  }

  private static String encode(Map<String, String> values) {
    return String.join("&", values.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .toList());
  }

  private static Map<String, String> strings(Object value, String field) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw invalid(field + " resolved to " + value.getClass().getSimpleName() + ", not an object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> {
      if (v != null) {
        out.put(String.valueOf(k), v instanceof Map || v instanceof List ? JSON.writeValueAsString(v)
            : String.valueOf(v));
      }
    });
    return out;
  }

  private static String text(Object value) {
    return value == null ? "" : String.valueOf(value);
  }

  private static NodeFailure invalid(String message) {
    return new NodeFailure("http.invalid_request", message, false);
  }
}
