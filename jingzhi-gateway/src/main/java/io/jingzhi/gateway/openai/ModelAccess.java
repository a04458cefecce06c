package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.registry.Model;
import io.jingzhi.gateway.registry.ModelCatalog;
import io.jingzhi.gateway.registry.ModelKind;
import io.jingzhi.iam.api.ApiKeyGrants;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Decides which models a caller may use: the permission, the key's allowed models, the model's state and kind. */
@Component
public class ModelAccess {

  private final ModelCatalog catalog;
  private final ApiKeyGrants grants;

  public ModelAccess(ModelCatalog catalog, ApiKeyGrants grants) {
    this.catalog = catalog;
    this.grants = grants;
  }

  /** The model to serve, or an OpenAI-shaped error saying why not. */
  public Model resolve(Caller caller, String name, ModelKind kind) {
    if (!caller.can(Permissions.MODEL_INVOKE)) {
      throw OpenAiException.permission("This credential may not call models (needs model:invoke).");
    }
    Model model = catalog.resolve(name).orElseThrow(() -> OpenAiException.modelNotFound(name));
    Optional<ApiKeyGrants.Grant> grant = grants.of(caller);
    if (grant.isPresent() && !allows(grant.get(), model)) {
      throw OpenAiException.modelNotFound(name); // do not reveal models the key may not use
    }
    if (!model.enabled()) {
      throw new OpenAiException(503, "api_error", "model_disabled", "model",
          "The model `" + name + "` is disabled by the platform operator.");
    }
    if (model.kind() != kind) {
      throw OpenAiException.invalid("model", "The model `" + name + "` is " + model.kind().described()
          + " and cannot serve this endpoint.");
    }
    return model;
  }

  /** Enabled models the caller may call, for {@code GET /v1/models}; none without {@code model:invoke}. */
  public List<Model> visible(Caller caller) {
    if (!caller.can(Permissions.MODEL_INVOKE)) {
      return List.of();
    }
    Optional<ApiKeyGrants.Grant> grant = grants.of(caller);
    return catalog.all().stream()
        .filter(Model::enabled)
        .filter(m -> grant.isEmpty() || allows(grant.get(), m))
        .toList();
  }

  /** A key's model scope names the model or one of its aliases: either way the key may call it by any of them. */
  private static boolean allows(ApiKeyGrants.Grant grant, Model model) {
    return grant.allowsModel(model.name()) || model.aliases().stream().anyMatch(grant::allowsModel);
  }

  public Optional<ApiKeyGrants.Grant> grant(Caller caller) {
    return grants.of(caller);
  }
}
