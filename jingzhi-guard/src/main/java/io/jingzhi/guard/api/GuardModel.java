package io.jingzhi.guard.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The optional cascade stage: a guard model (for example Qwen3Guard served by vLLM) asked about prompts the engine's
 * own classifier found uncertain. The guard sits below the gateway, so the gateway implements this by calling the
 * configured chat model on one of its endpoints ({@code jingzhi.guard.cascade.model}).
 */
public interface GuardModel {

  /** The model's opinion of a prompt; empty when it could not be asked or its answer could not be read. */
  Optional<Opinion> judge(String text);

  /** What a guard model says of a text. */
  enum Safety { SAFE, UNSAFE, CONTROVERSIAL }

  /**
   * A guard model's opinion: its safety label, the categories it named (as it named them) and its raw answer.
   *
   * @param safety the label
   * @param categories the categories it gave, empty when none
   */
  record Opinion(Safety safety, List<String> categories) {

    public Opinion {
      categories = List.copyOf(categories);
    }

    /**
     * Reads the answer format of Qwen3Guard-Gen ({@code Safety: Safe|Unsafe|Controversial} and {@code Categories:
     * …}, one per line; other lines ignored). Empty when there is no {@code Safety:} line with a known label.
     */
    public static Optional<Opinion> parse(String answer) {
      if (answer == null) {
        return Optional.empty();
      }
      Safety safety = null;
      List<String> categories = new ArrayList<>();
      for (String line : answer.split("\\R")) {
        String l = line.strip();
        int colon = l.indexOf(':') >= 0 ? l.indexOf(':') : l.indexOf('：');
        if (colon < 0) {
          continue;
        }
        String key = l.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = l.substring(colon + 1).strip();
        if (key.equals("safety") && safety == null) {
          safety = switch (value.toLowerCase(Locale.ROOT)) {
            case "safe" -> Safety.SAFE;
            case "unsafe" -> Safety.UNSAFE;
            case "controversial" -> Safety.CONTROVERSIAL;
            default -> null;
          };
        } else if (key.equals("categories")) {
          for (String c : value.split("[,，、]")) {
            String category = c.strip();
            if (!category.isEmpty() && !category.equalsIgnoreCase("none")) {
              categories.add(category);
            }
          }
        }
      }
      return safety == null ? Optional.empty() : Optional.of(new Opinion(safety, categories));
    }
  }
}
