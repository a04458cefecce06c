package io.jingzhi.agent.http;

import io.jingzhi.agent.engine.Validation;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The static checks of an {@code http} node's config at save time (no I/O). */
final class HttpNodeConfig {

  static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  static final Set<String> BODY_TYPES = Set.of("none", "json", "form", "raw");
  static final Set<String> AUTH_TYPES = Set.of("none", "bearer", "basic", "api_key");
  static final long MAX_TIMEOUT_MS = 600_000;

  private HttpNodeConfig() {}

  static void validate(JsonNode config, Validation v) {
    if (config == null || !config.isObject()) {
      v.error("config", "required: method and url at least");
      return;
    }
    JsonNode method = config.get("method");
    if (method != null && !method.isNull() && (!method.isString()
        || !(METHODS.contains(method.asString().toUpperCase(Locale.ROOT)) || isReference(method)))) {
      v.error("config.method", "one of " + METHODS);
    }
    JsonNode url = config.get("url");
    if (url == null || !url.isString() || url.asString().isBlank()) {
      v.error("config.url", "required");
    } else if (!isReference(url) && !url.asString().strip().matches("(?i)(https?://|\\{\\{).*")) {
      v.error("config.url", "an http or https URL (references allowed)");
    }
    objectOrAbsent(config, "headers", v);
    objectOrAbsent(config, "query", v);
    body(config.get("body"), v);
    JsonNode timeout = config.get("timeout_ms");
    if (timeout != null && !timeout.isNull()
        && (!timeout.isIntegralNumber() || timeout.asLong() < 1 || timeout.asLong() > MAX_TIMEOUT_MS)) {
      v.error("config.timeout_ms", "a whole number of milliseconds from 1 to " + MAX_TIMEOUT_MS);
    }
    auth(config.get("auth"), v);
  }

  private static void body(JsonNode body, Validation v) {
    if (body == null || body.isNull()) {
      return;
    }
    if (!body.isObject()) {
      v.error("config.body", "an object {type, content}");
      return;
    }
    JsonNode type = body.get("type");
    String t = type == null || type.isNull() ? "none" : type.asString();
    if (!BODY_TYPES.contains(t)) {
      v.error("config.body.type", "one of " + BODY_TYPES);
      return;
    }
    JsonNode content = body.get("content");
    if (t.equals("form") && content != null && !content.isNull() && !content.isObject() && !isReference(content)) {
      v.error("config.body.content", "a form body is an object of field names and values");
    }
    if (t.equals("raw") && content != null && !content.isNull() && !content.isString()) {
      v.error("config.body.content", "a raw body is a text");
    }
  }

  private static void auth(JsonNode auth, Validation v) {
    if (auth == null || auth.isNull()) {
      return;
    }
    if (!auth.isObject()) {
      v.error("config.auth", "an object {type, ...}");
      return;
    }
    String type = auth.path("type").asString("none");
    if (!AUTH_TYPES.contains(type)) {
      v.error("config.auth.type", "one of " + AUTH_TYPES);
      return;
    }
    switch (type) {
      case "bearer" -> requiredText(auth, "token", v);
      case "basic" -> requiredText(auth, "username", v);
      case "api_key" -> {
        requiredText(auth, "name", v);
        requiredText(auth, "value", v);
        String in = auth.path("in").asString("header");
        if (!in.equals("header") && !in.equals("query")) {
          v.error("config.auth.in", "header or query");
        }
      }
      default -> { }
    }
  }

  private static void requiredText(JsonNode auth, String field, Validation v) {
    JsonNode value = auth.get(field);
    if (value == null || !value.isString() || value.asString().isBlank()) {
      v.error("config.auth." + field, "required");
    }
  }

  private static void objectOrAbsent(JsonNode config, String field, Validation v) {
    JsonNode value = config.get(field);
    if (value != null && !value.isNull() && !value.isObject() && !isReference(value)) {
      v.error("config." + field, "an object of names and values");
    }
  }

  static boolean isReference(JsonNode node) {
    return node.isString() && node.asString().strip().startsWith("{{") && node.asString().strip().endsWith("}}");
  }
}
