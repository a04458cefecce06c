package io.jingzhi.iam.auth;

import io.jingzhi.iam.apikey.ApiKeyAuthenticator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Stateless bearer authentication for the platform API ({@code /api/**}), the OpenAI-compatible API
 * ({@code /v1/**}) and the platform's MCP servers ({@code /mcp/**}); the portal's static files, health and metrics
 * are public.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

  /**
   * No Spring Security observations. {@code management.observations.enable.spring.security=false} only turns them
   * into no-ops: the observation decorator still wrapped every filter of every request (~2% of a chat call's CPU);
   * with these settings Security does not install it.
   */
  @Bean
  static SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http, SessionService sessions, ApiKeyAuthenticator apiKeys,
      AuthErrorWriter errors) throws Exception {
    http.csrf(c -> c.disable())
        .cors(c -> c.disable())
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable())
        .requestCache(r -> r.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .headers(h -> h.frameOptions(f -> f.deny())
            .contentSecurityPolicy(csp -> csp.policyDirectives(
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                    + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'")))
        .exceptionHandling(e -> e.authenticationEntryPoint(errors).accessDeniedHandler(errors))
        .addFilterBefore(new BearerAuthenticationFilter(sessions, apiKeys, errors), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(a -> a
            .requestMatchers("/api/v1/auth/login", "/api/v1/auth/providers", "/api/v1/auth/oidc/**").permitAll()
            .requestMatchers("/api/**", "/v1/**", "/mcp/**").authenticated()
            .anyRequest().permitAll());
    return http.build();
  }
}
