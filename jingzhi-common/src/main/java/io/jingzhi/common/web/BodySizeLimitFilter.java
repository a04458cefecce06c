package io.jingzhi.common.web;

import io.jingzhi.common.error.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies larger than the configured limit with 413, whether the client declares the
 * length or streams the body chunked. Multipart uploads are left to the multipart limits.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final JsonMapper json;

  public BodySizeLimitFilter(long maxBytes, JsonMapper json) {
    this.maxBytes = maxBytes;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String contentType = request.getContentType();
    if (contentType != null && contentType.toLowerCase().startsWith("multipart/")) {
      chain.doFilter(request, response);
      return;
    }
    if (request.getContentLengthLong() > maxBytes) {
      reject(request, response);
      return;
    }
    try {
      chain.doFilter(new LimitedRequest(request, maxBytes), response);
    } catch (BodyTooLargeException e) {
      if (!response.isCommitted()) {
        response.reset();
        reject(request, response);
      }
    } catch (ServletException | RuntimeException e) {
      if (hasCause(e, BodyTooLargeException.class) && !response.isCommitted()) {
        response.reset();
        reject(request, response);
        return;
      }
      throw e;
    }
  }

  private void reject(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
    response.setCharacterEncoding("UTF-8");
    String detail = BodyTooLargeException.detail(maxBytes);
    if (request.getRequestURI().startsWith("/v1/")) {
      // The OpenAI-compatible API answers in OpenAI's error shape.
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      var error = new java.util.LinkedHashMap<String, Object>();
      error.put("message", detail);
      error.put("type", "invalid_request_error");
      error.put("param", null);
      error.put("code", "request_too_large");
      response.getWriter().write(json.writeValueAsString(java.util.Map.of("error", error)));
      return;
    }
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    var problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", detail);
    response.getWriter().write(json.writeValueAsString(problem));
  }

  /** The body-limit failure behind {@code t}, if that is what it is. */
  public static java.util.Optional<BodyTooLargeException> tooLarge(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BodyTooLargeException e) {
        return java.util.Optional.of(e);
      }
    }
    return java.util.Optional.empty();
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Thrown when a streamed body passes the limit. It usually surfaces inside the message converter's (or a JSON
   * parser's) failure, so {@link ProblemDetailsAdvice} and the OpenAI-compatible API's error handling answer it too.
   */
  public static final class BodyTooLargeException extends IOException {
    BodyTooLargeException(long max) {
      super(detail(max));
    }

    static String detail(long max) {
      return "The request body exceeds the limit of " + max + " bytes";
    }
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long max;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedStream(super.getInputStream(), max);
      }
      return stream;
    }
  }

  private static final class LimitedStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long max;
    private long count;

    LimitedStream(ServletInputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0 && ++count > max) {
        throw new BodyTooLargeException(max);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      if (n > 0 && (count += n) > max) {
        throw new BodyTooLargeException(max);
      }
      return n;
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
