package io.jingzhi.agent.http;

import io.jingzhi.agent.engine.NodeFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Reads responses of the HTTP node: at most the size cap, decoded by their charset, JSON parsed. */
final class HttpResponses {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([^;\"\\s]+)");

  private HttpResponses() {}

  /** A body read: {@code body} is the parsed JSON for a JSON response, else the text. */
  record Read(Object body, String text, long bytes) {}

  static Read read(HttpResponse<InputStream> response, long maxBytes, PreparedRequest prepared) {
    byte[] bytes;
    try (InputStream in = response.body()) {
      // One byte more than allowed tells a body at the cap from one beyond it.
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (IOException e) {
      throw new NodeFailure("http.io_error", "reading the response of " + prepared.mask(response.uri().toString())
          + " failed: " + e.getMessage(), true, e);
    }
    if (bytes.length > maxBytes) {
      throw new NodeFailure("http.response_too_large", "the response of " + prepared.mask(response.uri().toString())
          + " is larger than " + maxBytes + " bytes (jingzhi.agent.http.max-response-size)", false);
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    String text = new String(bytes, charset(contentType));
    Object body = text;
    if ((contentType.contains("json")) && !text.isBlank()) {
      try {
        body = JSON.readValue(text, Object.class);
      } catch (JacksonException e) {
        body = text; // a server that says JSON but sends something else: the text is all there is
      }
    }
    return new Read(body, text, bytes.length);
  }

  static Map<String, Object> headers(HttpResponse<?> response) {
    Map<String, Object> out = new LinkedHashMap<>();
    response.headers().map().forEach((name, values) -> {
      if (!name.startsWith(":")) {
        out.put(name.toLowerCase(Locale.ROOT), String.join(", ", values));
      }
    });
    return out;
  }

  private static Charset charset(String contentType) {
    Matcher m = CHARSET.matcher(contentType);
    if (m.find()) {
      try {
        return Charset.forName(m.group(1));
      } catch (IllegalArgumentException e) {
        return StandardCharsets.UTF_8;
      }
    }
    return StandardCharsets.UTF_8;
  }
}
