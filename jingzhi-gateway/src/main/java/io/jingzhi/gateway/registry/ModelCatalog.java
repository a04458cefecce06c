package io.jingzhi.gateway.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The registry as the request path sees it: an immutable snapshot held in memory, so serving a call never
 * waits on the database. Rebuilt when this node changes a model and every few seconds for changes made by
 * other replicas.
 */
@Component
public class ModelCatalog {

  private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

  /** Published after a model was created, changed or removed. */
  public record ModelsChanged() {}

  private record Snapshot(List<Model> models, Map<String, Model> byName) {}

  private final ModelRepository repository;
  private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of());

  public ModelCatalog(ModelRepository repository) {
    this.repository = repository;
  }

  @EventListener
  void onChanged(ModelsChanged event) {
    refresh();
  }

  @Scheduled(fixedDelayString = "${jingzhi.gateway.registry-refresh:PT5S}")
  public void refresh() {
    try {
      List<Model> models = repository.all();
      Map<String, Model> byName = new HashMap<>();
      for (Model m : models) {
        byName.put(m.name(), m);
        m.aliases().forEach(a -> byName.put(a, m));
      }
      snapshot = new Snapshot(models, byName);
    } catch (RuntimeException e) {
      // Keep serving from the last snapshot: a database hiccup must not stop the gateway.
      log.warn("Could not refresh the model registry; serving the previous snapshot: {}", e.getMessage());
    }
  }

  /** The model with this name or alias. */
  public Optional<Model> resolve(String nameOrAlias) {
    return Optional.ofNullable(snapshot.byName().get(nameOrAlias));
  }

  public List<Model> all() {
    return snapshot.models();
  }
}
