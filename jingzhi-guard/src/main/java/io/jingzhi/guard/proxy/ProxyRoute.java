package io.jingzhi.guard.proxy;

import java.time.Instant;
import java.util.List;

/**
 * A reverse-proxy route: which requests it takes (host and path prefix, or {@code /proxy/{code}/…} on the main port),
 * where it sends them, whose they are (identity headers; tenant and app of the route), how the path changes on the
 * way, where the texts are in the app's JSON and what a refused request gets back.
 *
 * @param host exact host ({@code chat.example.gov.cn}), {@code *.suffix} for any subdomain, or null for any host
 * @param pathPrefix requests whose path is this prefix or starts with it followed by {@code /}
 * @param identityHeader request header carrying the user's name (the guard subject's username)
 * @param orgHeader request header carrying the user's org (department) id, if any
 * @param uriOverwrite path sent upstream instead of the request's path
 * @param rewriteRegex regular expression replaced in the path by {@code rewriteReplacement} ({@code $1} works)
 * @param redirectUrl when set, requests are answered with a redirect there instead of being proxied
 * @param extraction {@code openai} or {@code json_paths}
 * @param requestPaths JSON paths of the texts in request bodies ({@code json_paths} extraction)
 * @param responsePaths JSON paths of the texts in JSON response bodies
 * @param streamPaths JSON paths of the texts in the {@code data:} bodies of server-sent events
 * @param blockNonJson refuse request and response bodies that are not JSON (files, images) instead of passing them
 * @param blockedShape {@code openai} (a chat completion carrying the refusal) or {@code template}
 * @param blockedTemplate JSON document answered when refused ({@code template} shape)
 * @param blockedPath where the refusal text goes in the template
 * @param blockedStatus HTTP status of a refusal
 */
public record ProxyRoute(
    long id,
    String code,
    String name,
    boolean enabled,
    long tenantId,
    Long appId,
    String host,
    String pathPrefix,
    String upstreamUrl,
    int connectTimeoutMs,
    int readTimeoutMs,
    String identityHeader,
    String orgHeader,
    String uriOverwrite,
    String rewriteRegex,
    String rewriteReplacement,
    String redirectUrl,
    Integer redirectStatus,
    String extraction,
    List<String> requestPaths,
    List<String> responsePaths,
    List<String> streamPaths,
    boolean blockNonJson,
    String blockedShape,
    String blockedTemplate,
    String blockedPath,
    int blockedStatus,
    Instant createdAt,
    Instant updatedAt) {

  public static final String OPENAI = "openai";
  public static final String JSON_PATHS = "json_paths";
  public static final String TEMPLATE = "template";

  public ProxyRoute {
    requestPaths = requestPaths == null ? List.of() : List.copyOf(requestPaths);
    responsePaths = responsePaths == null ? List.of() : List.copyOf(responsePaths);
    streamPaths = streamPaths == null ? List.of() : List.copyOf(streamPaths);
  }
}
