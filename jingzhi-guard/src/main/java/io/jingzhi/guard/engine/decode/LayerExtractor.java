package io.jingzhi.guard.engine.decode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one text into the layers the detectors inspect: the original, its normalised and compact forms, and
 * every successful decode, nested up to {@code maxDepth}, with normalised and compact forms of each decode.
 * Bounded in layer count and size, so a decode bomb costs no more than a long input. Never throws.
 */
public final class LayerExtractor {

  private static final String RAW = "raw:";

  private final List<Decoder> decoders;
  private final int maxDepth;
  private final int maxLayers;
  private final int maxChars;

  public LayerExtractor(List<Decoder> decoders, int maxDepth, int maxLayers, int maxChars) {
    this.decoders = List.copyOf(decoders);
    this.maxDepth = maxDepth;
    this.maxLayers = maxLayers;
    this.maxChars = maxChars;
  }

  public static LayerExtractor defaults() {
    return new LayerExtractor(Decoders.builtIn(), 3, 24, 200_000);
  }

  public List<Layer> extract(String text) {
    String original = text.length() > maxChars ? text.substring(0, maxChars) : text;
    // Keyed by role and text: a decode that yields a text already seen adds nothing, but every text keeps its
    // normalised and compact forms even when they equal it, since detectors look for layers by role.
    Map<String, Layer> layers = new LinkedHashMap<>();
    layers.put(RAW + original, new Layer(Layer.ORIGINAL, original, 0));
    addNormalForms(layers, original, "", 0);
    Deque<Layer> work = new ArrayDeque<>();
    work.add(new Layer(Layer.ORIGINAL, original, 0));
    while (!work.isEmpty() && layers.size() < maxLayers) {
      Layer from = work.poll();
      if (from.depth() >= maxDepth) {
        continue;
      }
      for (Decoder decoder : decoders) {
        Optional<String> decoded = decoder.decode(from.text());
        if (decoded.isEmpty() || decoded.get().isBlank() || layers.containsKey(RAW + decoded.get())) {
          continue;
        }
        String body = decoded.get().length() > maxChars ? decoded.get().substring(0, maxChars) : decoded.get();
        String name = from.depth() == 0 ? decoder.name() : from.name() + ">" + decoder.name();
        Layer layer = new Layer(name, body, from.depth() + 1);
        layers.put(RAW + body, layer);
        work.add(layer);
        addNormalForms(layers, body, name + ":", layer.depth());
        if (layers.size() >= maxLayers) {
          break;
        }
      }
    }
    return new ArrayList<>(layers.values());
  }

  private void addNormalForms(Map<String, Layer> layers, String text, String prefix, int depth) {
    String normalised = Normalizer.normalise(text);
    layers.putIfAbsent(Layer.NORMALISED + normalised, new Layer(prefix + Layer.NORMALISED, normalised, depth));
    String compact = Normalizer.compact(normalised);
    layers.putIfAbsent(Layer.COMPACT + compact, new Layer(prefix + Layer.COMPACT, compact, depth));
  }
}
