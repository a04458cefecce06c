package io.jingzhi.iam.api;

import io.jingzhi.iam.apikey.ApiKey;
import io.jingzhi.iam.apikey.ApiKeyAuthenticator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What an API key caller may use: its allowed models and its own limits, read from the authentication cache
 * (no database call on the request path). Callers signed in as users have no key grant.
 */
@Component
public class ApiKeyGrants {

  private final ApiKeyAuthenticator authenticator;

  public ApiKeyGrants(ApiKeyAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  /**
   * A key's grant. An empty model list allows every model.
   *
   * @param projectId the project owning the key's app
   */
  public record Grant(long keyId, long appId, long projectId, List<String> models, Integer rpm, Integer tpm,
      Integer concurrency) {

    public boolean allowsModel(String model) {
      return models.isEmpty() || models.contains("*") || models.contains(model);
    }
  }

  public Optional<Grant> of(Caller caller) {
    if (caller.authType() != Caller.AuthType.API_KEY || caller.apiKeyId() == null) {
      return Optional.empty();
    }
    return authenticator.recent(caller.apiKeyId()).map(r -> {
      ApiKey k = r.key();
      return new Grant(k.id(), r.app().id(), r.project().id(), k.models(), k.limits().rpm(), k.limits().tpm(),
          k.limits().concurrency());
    });
  }
}
