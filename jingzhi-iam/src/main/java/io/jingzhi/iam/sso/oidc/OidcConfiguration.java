package io.jingzhi.iam.sso.oidc;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Wires the configured OpenID providers ({@code jingzhi.iam.oidc.providers}). */
@Configuration(proxyBeanMethods = false)
@Import(OidcProviderRegistrar.class)
public class OidcConfiguration {}
