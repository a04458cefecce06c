package io.jingzhi.common.net;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** The settings the callers use; the rest of the JDK's builder has no meaning here and is refused. */
class GuardedClientBuilder implements HttpClient.Builder {

  private final GuardedResolver resolver;
  private Duration connectTimeout;
  private HttpClient.Redirect redirect = HttpClient.Redirect.NEVER;
  private SSLContext ssl;

  GuardedClientBuilder(GuardedResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public HttpClient.Builder connectTimeout(Duration duration) {
    this.connectTimeout = duration;
    return this;
  }

  @Override
  public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
    this.redirect = policy;
    return this;
  }

  @Override
  public HttpClient.Builder version(HttpClient.Version version) {
    return this; // HTTP/1.1 whatever is asked: HTTP/2 over cleartext upgrades are not used by the callers
  }

  @Override
  public HttpClient.Builder cookieHandler(CookieHandler handler) {
    throw unsupported("cookies");
  }

  @Override
  public HttpClient.Builder sslContext(SSLContext context) {
    this.ssl = context;
    return this;
  }

  @Override
  public HttpClient.Builder sslParameters(SSLParameters parameters) {
    throw unsupported("custom SSL parameters");
  }

  @Override
  public HttpClient.Builder executor(Executor executor) {
    throw unsupported("an executor");
  }

  @Override
  public HttpClient.Builder priority(int priority) {
    throw unsupported("HTTP/2 priorities");
  }

  @Override
  public HttpClient.Builder proxy(ProxySelector selector) {
    throw unsupported("a proxy");
  }

  @Override
  public HttpClient.Builder authenticator(Authenticator authenticator) {
    throw unsupported("an authenticator");
  }

  @Override
  public HttpClient build() {
    return new GuardedHttpClient(resolver, connectTimeout, redirect, ssl);
  }

  private static UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException("the guarded HTTP client does not support " + what);
  }
}
