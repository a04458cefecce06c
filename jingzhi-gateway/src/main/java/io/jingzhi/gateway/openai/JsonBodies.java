package io.jingzhi.gateway.openai;

import io.jingzhi.common.web.BodySizeLimitFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON request body of the OpenAI-compatible API straight from the request stream with the shared mapper.
 * {@code @RequestBody} would do the same through Spring MVC's message converters and a data binder, which cost
 * about a tenth of a chat call's CPU at concurrency 1 (docs/gateway-performance.md). Failures answer as the
 * converter path did: a body that is missing or not JSON is {@code invalid_json}; one over the size limit is 413.
 */
@Component
public class JsonBodies {

  private static final Set<Charset> DETECTED = Set.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16,
      StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, Charset.forName("UTF-32"),
      Charset.forName("UTF-32BE"), Charset.forName("UTF-32LE"));

  private final JsonMapper json;

  public JsonBodies(JsonMapper json) {
    this.json = json;
  }

  /** The body as a tree; never null (a JSON {@code null} is a null node, for the request's own validation). */
  public JsonNode read(HttpServletRequest request) {
    JsonNode body;
    try {
      Charset charset = charset(request);
      // Jackson detects the Unicode encodings itself; any other declared charset is decoded as declared.
      body = charset == null ? json.readTree(request.getInputStream()) : json.readTree(reader(request, charset));
    } catch (JacksonException | IOException e) {
      throw BodySizeLimitFilter.tooLarge(e)
          .map(tooLarge -> new OpenAiException(413, "invalid_request_error", "request_too_large", null,
              tooLarge.getMessage()))
          .orElseGet(JsonBodies::unreadable);
    }
    if (body == null || body.isMissingNode()) {
      throw unreadable();
    }
    return body;
  }

  static OpenAiException unreadable() {
    return new OpenAiException(400, "invalid_request_error", "invalid_json", null,
        "We could not parse the JSON body of your request. The body must be a JSON object.");
  }

  /**
   * The charset the Content-Type header declares, as the message converter used it; null for none or a Unicode one.
   * Not {@code getCharacterEncoding()}: the server forces that to UTF-8 ({@code server.servlet.encoding.force}).
   */
  private static Charset charset(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (header == null) {
      return null;
    }
    try {
      Charset charset = MediaType.parseMediaType(header).getCharset();
      return charset == null || DETECTED.contains(charset) ? null : charset;
    } catch (InvalidMediaTypeException | IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw unreadable();
    }
  }

  /** The request decoded with the declared charset (the servlet's reader would use the forced UTF-8). */
  private static java.io.Reader reader(HttpServletRequest request, Charset charset) throws IOException {
    return new java.io.InputStreamReader(request.getInputStream(), charset);
  }
}
