package io.jingzhi.iam.sso.oidc;

import io.jingzhi.iam.IamProperties;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Registers one {@link OidcProvider} bean per configured provider, so the login page lists each one. Only the ids
 * are read here; each bean is built from the validated {@link IamProperties}, which reject bad settings at start.
 */
class OidcProviderRegistrar implements BeanRegistrar {

  @Override
  public void register(BeanRegistry registry, Environment env) {
    List<IamProperties.Oidc.Provider> configured = Binder.get(env)
        .bind("jingzhi.iam.oidc.providers", Bindable.listOf(IamProperties.Oidc.Provider.class))
        .orElse(List.of());
    for (IamProperties.Oidc.Provider provider : configured) {
      String id = provider.id();
      if (id == null || id.isBlank()) {
        continue; // the validation of IamProperties names the mistake
      }
      registry.registerBean("oidcProvider." + id, OidcProvider.class, spec -> spec.supplier(
          context -> new OidcProvider(context.bean(IamProperties.class).oidc(), id, context.bean(Clock.class))));
    }
  }
}
