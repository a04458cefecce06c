package io.jingzhi.agent.component;

import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Gathers the components of every {@link ComponentSource}, filters and ranks them for the canvas. */
@Service
public class ComponentCatalog {

  private static final Logger log = LoggerFactory.getLogger(ComponentCatalog.class);

  private final List<ComponentSource> sources;

  public ComponentCatalog(List<ComponentSource> sources) {
    this.sources = sources;
  }

  /** One ranked entry: {@code score} orders a search (1 without one). */
  public record Ranked(ComponentItem item, double score) {}

  public List<ComponentItem> search(Caller caller, String q, String category, String kind, String tag) {
    caller.require(Permissions.AGENT_READ);
    List<Ranked> ranked = new ArrayList<>();
    for (ComponentSource source : sources) {
      List<ComponentItem> items;
      try {
        items = source.components(caller);
      } catch (RuntimeException e) {
        // One broken feature must not empty the whole catalog.
        log.warn("component source {} failed: {}", source.getClass().getSimpleName(), e.toString());
        continue;
      }
      for (ComponentItem item : items) {
        if (matches(category, item.category()) && matches(kind, item.kind()) && hasTag(item, tag)) {
          double score = q == null || q.isBlank() ? 1 : Math.max(
              FuzzyScore.score(q, item.name(), item.description(), item.tags()),
              FuzzyScore.score(q, item.nameEn(), item.descriptionEn(), List.of(item.key())));
          if (score > 0) {
            ranked.add(new Ranked(item, score));
          }
        }
      }
    }
    ranked.sort(Comparator.comparingDouble(Ranked::score).reversed());
    return ranked.stream().map(Ranked::item).toList();
  }

  private static boolean matches(String wanted, String actual) {
    return wanted == null || wanted.isBlank() || wanted.strip().equalsIgnoreCase(actual);
  }

  private static boolean hasTag(ComponentItem item, String tag) {
    if (tag == null || tag.isBlank()) {
      return true;
    }
    String t = tag.strip().toLowerCase(Locale.ROOT);
    return item.tags().stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).equals(t));
  }
}
