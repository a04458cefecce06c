package io.jingzhi.guard.proxy;

import io.jingzhi.guard.GuardProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * How requests reach the proxy: on the main port under {@code /proxy/{code}/…}, and — when
 * {@code jingzhi.guard.proxy.port} is set — every request on a dedicated Tomcat connector, matched by Host and path.
 * A filter ahead of the platform's security, MVC and body limits hands those requests to {@link ReverseProxy}, so a
 * proxied app's clients need no platform credentials and the app's own paths (even {@code /api/…}) are free.
 */
@Configuration(proxyBeanMethods = false)
class ProxyWebConfiguration {

  static final String PREFIX = "/proxy/";

  @Bean
  FilterRegistrationBean<ProxyDispatchFilter> proxyDispatchFilter(ReverseProxy proxy, GuardProperties properties) {
    var registration = new FilterRegistrationBean<>(new ProxyDispatchFilter(proxy, properties.proxy().port()));
    // After the request id (highest precedence), before Spring Security (-100) and the body size limit.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
    registration.addUrlPatterns("/*");
    return registration;
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> proxyConnector(GuardProperties properties) {
    return factory -> {
      int port = properties.proxy().port();
      if (port > 0) {
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(port);
        connector.setProperty("maxConnections", "8192");
        // Proxied calls block on the app (streams last minutes): virtual threads, as on the main connector.
        connector.getProtocolHandler().setExecutor(new VirtualThreadExecutor("jingzhi-proxy-"));
        factory.addAdditionalConnectors(connector);
      }
    };
  }

  /** Sends the dedicated port's requests and {@code /proxy/…} requests to the proxy; the rest go on. */
  static final class ProxyDispatchFilter extends OncePerRequestFilter {

    private final ReverseProxy proxy;
    private final int dedicatedPort;

    ProxyDispatchFilter(ReverseProxy proxy, int dedicatedPort) {
      this.proxy = proxy;
      this.dedicatedPort = dedicatedPort;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (dedicatedPort > 0 && request.getLocalPort() == dedicatedPort) {
        proxy.serveByHost(request, response);
        return;
      }
      String uri = request.getRequestURI();
      if (uri.startsWith(PREFIX)) {
        proxy.serveByCode(request, response, uri.substring(PREFIX.length() - 1));
        return;
      }
      chain.doFilter(request, response);
    }
  }
}
