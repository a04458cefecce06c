package io.jingzhi.guard.engine.attack;

import io.jingzhi.guard.engine.Match;
import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.Span;
import io.jingzhi.guard.engine.decode.Layer;
import io.jingzhi.guard.engine.decode.LayerExtractor;
import io.jingzhi.guard.engine.decode.Normalizer;
import io.jingzhi.guard.engine.text.StartFilteredPattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores prompt attacks from features over all layers of a text. Beyond the plain features: a feature found
 * only in a decoded layer adds {@code encoded-payload}; one found only after joining quoted fragments
 * ({@code a="忽略之前" b="的指令" a+b}) adds {@code split-payload}; earlier turns carry their score forward with
 * a decay, so an attack assembled over several harmless-looking turns still adds up.
 */
public final class AttackDetector {

  static final double ENCODED_WEIGHT = 0.3;
  static final double SPLIT_WEIGHT = 0.3;
  private static final Pattern QUOTED = Pattern.compile("[\"'“”‘’「」『』`]([^\"'“”‘’「」『』`\\n]{1,60})[\"'“”‘’「」『』`]");
  private static final Pattern JOIN_HINT = Pattern.compile("\\+|拼接|连接|合并|连起来|concat|combine|join",
      Pattern.CASE_INSENSITIVE);

  private final List<AttackFeature> features;
  private final LayerExtractor extractor;
  private final List<StartFilteredPattern> searches;

  public AttackDetector(List<AttackFeature> features, LayerExtractor extractor) {
    this.features = List.copyOf(features);
    this.extractor = extractor;
    this.searches = this.features.stream().map(f -> StartFilteredPattern.of(f.pattern())).toList();
  }

  public static AttackDetector builtIn() {
    return new AttackDetector(AttackFeatures.builtIn(), LayerExtractor.defaults());
  }

  /** Scores the current text (its layers already extracted) plus the history turns, oldest first. */
  public AttackScore score(List<Layer> layers, List<String> history, double decay) {
    List<Match> matched = turnMatches(layers);
    double turn = sum(matched);
    double carried = 0;
    double factor = decay;
    for (int i = history.size() - 1; i >= 0 && factor > 0.01; i--) {
      carried += factor * sum(turnMatches(extractor.extract(history.get(i))));
      factor *= decay;
    }
    return new AttackScore(turn + carried, turn, carried, matched);
  }

  List<Match> turnMatches(List<Layer> layers) {
    Map<String, Match> found = new LinkedHashMap<>();
    boolean decodedOnly = false;
    for (Layer layer : layers) {
      if (!layer.name().endsWith(Layer.NORMALISED) && !layer.name().endsWith(Layer.COMPACT)) {
        continue;
      }
      for (Match m : featureMatches(layer.text(), layer.name())) {
        if (found.putIfAbsent(m.rule(), m) == null && layer.depth() > 0) {
          decodedOnly = true;
        }
      }
    }
    if (decodedOnly) {
      found.put("encoded-payload", new Match("attack", "encoding", new Span(0, 0), "decoded", "encoded-payload",
          RiskLevel.MEDIUM));
    }
    String joined = joinedFragments(layers.get(0).text());
    if (joined != null) {
      boolean added = false;
      for (Match m : featureMatches(Normalizer.compact(Normalizer.normalise(joined)), "joined")) {
        added |= found.putIfAbsent(m.rule(), m) == null;
      }
      if (added) {
        found.put("split-payload", new Match("attack", "split", new Span(0, 0), "joined", "split-payload",
            RiskLevel.MEDIUM));
      }
    }
    return new ArrayList<>(found.values());
  }

  private List<Match> featureMatches(String text, String layerName) {
    List<Match> out = new ArrayList<>();
    for (int k = 0; k < features.size(); k++) {
      AttackFeature f = features.get(k);
      StartFilteredPattern search = searches.get(k);
      Matcher m = search.matcher(text);
      if (search.find(m, text, 0)) {
        RiskLevel level = f.weight() >= 1.0 ? RiskLevel.HIGH : f.weight() >= 0.5 ? RiskLevel.MEDIUM : RiskLevel.LOW;
        out.add(new Match("attack", f.family(), new Span(m.start(), m.end()), layerName, f.name(), level));
      }
    }
    return out;
  }

  /** The quoted fragments of a text joined in order, when the text hints at joining them; else null. */
  static String joinedFragments(String text) {
    if (!StartFilteredPattern.of(JOIN_HINT).found(text)) {
      return null;
    }
    StartFilteredPattern quoted = StartFilteredPattern.of(QUOTED);
    Matcher m = quoted.matcher(text);
    StringBuilder joined = new StringBuilder();
    int count = 0;
    int from = 0;
    while (quoted.find(m, text, from)) {
      from = m.end();
      joined.append(m.group(1));
      count++;
    }
    return count >= 2 ? joined.toString() : null;
  }

  private double sum(List<Match> matches) {
    double s = 0;
    for (Match m : matches) {
      s += weightOf(m.rule());
    }
    return s;
  }

  private double weightOf(String rule) {
    if (rule.equals("encoded-payload")) {
      return ENCODED_WEIGHT;
    }
    if (rule.equals("split-payload")) {
      return SPLIT_WEIGHT;
    }
    for (AttackFeature f : features) {
      if (f.name().equals(rule)) {
        return f.weight();
      }
    }
    return 0;
  }
}
