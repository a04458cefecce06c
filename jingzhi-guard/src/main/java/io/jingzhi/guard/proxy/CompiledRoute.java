package io.jingzhi.guard.proxy;

import io.jingzhi.common.error.ApiException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A route ready to serve: its host and path matching, its path changes and its JSON paths compiled. Compiling is
 * also the validation of a route: whatever does not compile is rejected at save time naming the field.
 */
final class CompiledRoute {

  private static final Pattern HOST = Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

  private final ProxyRoute route;
  private final URI upstream;
  private final Pattern rewrite;
  private final List<JsonPath> requestPaths;
  private final List<JsonPath> responsePaths;
  private final List<JsonPath> streamPaths;
  private final JsonNode blockedTemplate;
  private final JsonPath blockedPath;

  private CompiledRoute(ProxyRoute route, URI upstream, Pattern rewrite, List<JsonPath> requestPaths,
      List<JsonPath> responsePaths, List<JsonPath> streamPaths, JsonNode blockedTemplate, JsonPath blockedPath) {
    this.route = route;
    this.upstream = upstream;
    this.rewrite = rewrite;
    this.requestPaths = requestPaths;
    this.responsePaths = responsePaths;
    this.streamPaths = streamPaths;
    this.blockedTemplate = blockedTemplate;
    this.blockedPath = blockedPath;
  }

  /** Compiles a route or throws a 400 problem naming the first invalid field. */
  static CompiledRoute compile(ProxyRoute r, JsonMapper json) {
    if (r.code() == null || !r.code().matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      throw ApiException.invalid("code", "lower-case letters, digits, _ and - (max 64), starting with a letter or digit");
    }
    if (r.name() == null || r.name().isBlank() || r.name().length() > 200) {
      throw ApiException.invalid("name", "must not be empty (max 200 characters)");
    }
    if (r.host() != null && (r.host().length() > 255 || !HOST.matcher(r.host()).matches())) {
      throw ApiException.invalid("host", "a host name such as chat.example.gov.cn or *.example.gov.cn, without port");
    }
    if (r.pathPrefix() == null || !r.pathPrefix().startsWith("/") || r.pathPrefix().contains("?")
        || r.pathPrefix().length() > 500 || (r.pathPrefix().length() > 1 && r.pathPrefix().endsWith("/"))) {
      throw ApiException.invalid("path_prefix", "must start with / and not end with / (e.g. / or /chat)");
    }
    URI upstream = upstream(r.upstreamUrl());
    if (r.connectTimeoutMs() < 100 || r.connectTimeoutMs() > 60_000) {
      throw ApiException.invalid("connect_timeout_ms", "must be between 100 and 60000");
    }
    if (r.readTimeoutMs() < 100 || r.readTimeoutMs() > 3_600_000) {
      throw ApiException.invalid("read_timeout_ms", "must be between 100 and 3600000");
    }
    header("identity_header", r.identityHeader());
    header("org_header", r.orgHeader());
    if (r.uriOverwrite() != null && (!r.uriOverwrite().startsWith("/") || r.uriOverwrite().contains("?"))) {
      throw ApiException.invalid("uri_overwrite", "must be a path starting with / (without a query)");
    }
    Pattern rewrite = rewrite(r);
    redirect(r);
    if (!List.of(ProxyRoute.OPENAI, ProxyRoute.JSON_PATHS).contains(r.extraction())) {
      throw ApiException.invalid("extraction", "must be openai or json_paths");
    }
    List<JsonPath> req = paths("request_paths", r.requestPaths());
    List<JsonPath> res = paths("response_paths", r.responsePaths());
    List<JsonPath> sse = paths("stream_paths", r.streamPaths());
    if (ProxyRoute.JSON_PATHS.equals(r.extraction()) && req.isEmpty()) {
      throw ApiException.invalid("request_paths", "json_paths extraction needs at least one request path");
    }
    if (r.blockedStatus() < 200 || r.blockedStatus() > 599) {
      throw ApiException.invalid("blocked_status", "must be an HTTP status between 200 and 599");
    }
    JsonNode template = null;
    JsonPath blockedPath = null;
    if (ProxyRoute.TEMPLATE.equals(r.blockedShape())) {
      template = template(r, json);
      blockedPath = blockedPath(r, template);
    } else if (!ProxyRoute.OPENAI.equals(r.blockedShape())) {
      throw ApiException.invalid("blocked_shape", "must be openai or template");
    }
    return new CompiledRoute(r, upstream, rewrite, req, res, sse, template, blockedPath);
  }

  private static URI upstream(String url) {
    String hint = "must be an http(s) URL such as http://10.0.0.5:8000 or https://app.example.gov.cn/base";
    if (url == null || url.length() > 1000) {
      throw ApiException.invalid("upstream_url", hint);
    }
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw ApiException.invalid("upstream_url", hint + " (no query, fragment or user info)");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw ApiException.invalid("upstream_url", hint + ": " + e.getReason());
    }
  }

  private static void header(String field, String name) {
    if (name != null && !HEADER.matcher(name).matches()) {
      throw ApiException.invalid(field, "must be an HTTP header name such as X-User-Id");
    }
  }

  private static Pattern rewrite(ProxyRoute r) {
    if (r.rewriteRegex() == null) {
      if (r.rewriteReplacement() != null) {
        throw ApiException.invalid("rewrite_regex", "a replacement needs a regular expression");
      }
      return null;
    }
    if (r.uriOverwrite() != null) {
      throw ApiException.invalid("rewrite_regex", "use either uri_overwrite or rewrite_regex, not both");
    }
    try {
      Pattern p = Pattern.compile(r.rewriteRegex());
      checkReplacement(p, r.rewriteReplacement() == null ? "" : r.rewriteReplacement());
      return p;
    } catch (PatternSyntaxException e) {
      throw ApiException.invalid("rewrite_regex", "invalid regular expression: " + e.getDescription() + " near index "
          + e.getIndex());
    }
  }

  /** Fails on a replacement that {@link Matcher#replaceAll} would reject at the first match: unknown groups. */
  private static void checkReplacement(Pattern p, String replacement) {
    int groups = p.matcher("").groupCount();
    for (int i = 0; i < replacement.length(); i++) {
      char c = replacement.charAt(i);
      if (c == '\\') {
        if (++i >= replacement.length()) {
          throw ApiException.invalid("rewrite_replacement", "a trailing \\ escapes nothing");
        }
      } else if (c == '$') {
        if (++i >= replacement.length()) {
          throw ApiException.invalid("rewrite_replacement", "a trailing $ names no group (write \\$ for a dollar)");
        }
        char n = replacement.charAt(i);
        if (n == '{') {
          int end = replacement.indexOf('}', i);
          String name = end < 0 ? "" : replacement.substring(i + 1, end);
          if (end < 0 || !p.namedGroups().containsKey(name)) {
            throw ApiException.invalid("rewrite_replacement", "no group named " + name + " in the expression");
          }
          i = end;
        } else if (n >= '0' && n <= '9') {
          if (n - '0' > groups) {
            throw ApiException.invalid("rewrite_replacement", "$" + n + " but the expression has " + groups
                + " group(s)");
          }
        } else {
          throw ApiException.invalid("rewrite_replacement", "$ must be followed by a group number or {name}");
        }
      }
    }
  }

  private static void redirect(ProxyRoute r) {
    if (r.redirectUrl() == null) {
      if (r.redirectStatus() != null) {
        throw ApiException.invalid("redirect_url", "a redirect status needs a redirect URL");
      }
      return;
    }
    try {
      URI uri = new URI(r.redirectUrl());
      boolean absolute = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
      if (!absolute && !r.redirectUrl().startsWith("/")) {
        throw ApiException.invalid("redirect_url", "must be an http(s) URL or a path starting with /");
      }
    } catch (java.net.URISyntaxException e) {
      throw ApiException.invalid("redirect_url", "not a URL: " + e.getReason());
    }
    if (r.redirectStatus() != null && !List.of(301, 302, 303, 307, 308).contains(r.redirectStatus())) {
      throw ApiException.invalid("redirect_status", "must be 301, 302, 303, 307 or 308");
    }
  }

  private static List<JsonPath> paths(String field, List<String> expressions) {
    if (expressions.size() > 20) {
      throw ApiException.invalid(field, "at most 20 paths");
    }
    return java.util.stream.IntStream.range(0, expressions.size()).mapToObj(i -> {
      try {
        return JsonPath.parse(expressions.get(i));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(field + "[" + i + "]", "invalid JSON path " + expressions.get(i) + ": "
            + e.getMessage());
      }
    }).toList();
  }

  private static JsonNode template(ProxyRoute r, JsonMapper json) {
    if (r.blockedTemplate() == null || r.blockedTemplate().length() > 8000) {
      throw ApiException.invalid("blocked_template", "the template shape needs a JSON document (max 8000 characters)");
    }
    try {
      JsonNode node = json.readTree(r.blockedTemplate());
      if (node == null || !node.isContainer()) {
        throw ApiException.invalid("blocked_template", "must be a JSON object or array");
      }
      return node;
    } catch (JacksonException e) {
      throw ApiException.invalid("blocked_template", "not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static JsonPath blockedPath(ProxyRoute r, JsonNode template) {
    try {
      JsonPath path = JsonPath.parse(r.blockedPath());
      path.put(template.deepCopy(), "probe");
      return path;
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("blocked_path", "invalid JSON path for the refusal: " + e.getMessage());
    }
  }

  ProxyRoute route() {
    return route;
  }

  /** Whether this route takes a request for {@code host} (may be null) and {@code path}. */
  boolean matches(String host, String path) {
    return route.enabled() && hostMatches(host) && prefixMatches(path);
  }

  boolean hostMatches(String requestHost) {
    String pattern = route.host();
    if (pattern == null) {
      return true;
    }
    if (requestHost == null) {
      return false;
    }
    String host = stripPort(requestHost).toLowerCase(Locale.ROOT);
    if (pattern.startsWith("*.")) {
      String suffix = pattern.substring(1);
      return host.endsWith(suffix) && host.length() > suffix.length();
    }
    return host.equals(pattern);
  }

  boolean prefixMatches(String path) {
    String prefix = route.pathPrefix();
    return prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/");
  }

  /** How specific the match is, to pick among several: longer prefixes, then exact hosts, then wildcards. */
  int specificity() {
    int hostRank = route.host() == null ? 0 : route.host().startsWith("*.") ? 1 : 2;
    return route.pathPrefix().length() * 4 + hostRank;
  }

  /** The path sent upstream: overwritten, rewritten or as requested. */
  String upstreamPath(String path) {
    if (route.uriOverwrite() != null) {
      return route.uriOverwrite();
    }
    if (rewrite != null) {
      String rewritten = rewrite.matcher(path).replaceAll(route.rewriteReplacement() == null ? ""
          : route.rewriteReplacement());
      return rewritten.startsWith("/") ? rewritten : "/" + rewritten;
    }
    return path;
  }

  /** The upstream URI for a request path and raw query: the base URL's path followed by the (changed) path. */
  URI upstreamUri(String path, String rawQuery) {
    String base = upstream.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String target = upstreamPath(path);
    return URI.create(base + target + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
  }

  List<JsonPath> requestPaths() {
    return requestPaths;
  }

  List<JsonPath> responsePaths() {
    return responsePaths;
  }

  List<JsonPath> streamPaths() {
    return streamPaths;
  }

  /** A fresh copy of the refusal template with the text in place (template shape only). */
  JsonNode blockedBody(String text) {
    JsonNode body = blockedTemplate.deepCopy();
    blockedPath.put(body, text);
    return body;
  }

  boolean openAiExtraction() {
    return ProxyRoute.OPENAI.equals(route.extraction());
  }

  boolean openAiBlocked() {
    return ProxyRoute.OPENAI.equals(route.blockedShape());
  }

  static String stripPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end > 0 ? host.substring(0, end + 1) : host;
    }
    int colon = host.indexOf(':');
    return colon >= 0 ? host.substring(0, colon) : host;
  }
}
