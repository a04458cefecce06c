package io.jingzhi.guard.engine;

import io.jingzhi.guard.engine.attack.AttackDetector;
import io.jingzhi.guard.engine.attack.AttackScore;
import io.jingzhi.guard.engine.decode.Layer;
import io.jingzhi.guard.engine.decode.LayerExtractor;
import io.jingzhi.guard.engine.decode.Normalizer;
import io.jingzhi.guard.engine.lexicon.Lexicon;
import io.jingzhi.guard.engine.lexicon.LexiconStore;
import io.jingzhi.guard.engine.pii.CustomRule;
import io.jingzhi.guard.engine.pii.CustomRuleStore;
import io.jingzhi.guard.engine.pii.Masker;
import io.jingzhi.guard.engine.pii.PiiMatch;
import io.jingzhi.guard.engine.pii.PiiScanner;
import io.jingzhi.guard.engine.pii.PiiType;
import io.jingzhi.guard.engine.semantic.SemanticClassifier;
import io.jingzhi.guard.engine.semantic.SemanticVerdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guardrail engine: decodes a text into layers, matches the global and tenant keyword banks, scores prompt
 * attacks (input only, with the conversation history) and finds sensitive data, then decides with policy-free
 * defaults: block on a high-risk term, on an attack score at the block threshold, or on a weaker attack score
 * together with a medium term; otherwise mask sensitive data; otherwise allow. With a {@link SemanticClassifier}
 * (optional: {@code null} keeps the rules alone), a text the rules let through is also blocked when its semantic
 * risk probability reaches the trained block threshold, or when it is merely suspicious and the attack score
 * reaches {@code attackWithLexicon}. Thread-safe; no Spring.
 */
public final class GuardEngine {

  /** Category reported for blocks caused by the attack score (prompt attacks are not one of the 31 types). */
  public static final String PROMPT_ATTACK = "prompt-attack";
  /** TC260-003 type for personal information (A.4.6), reported when sensitive data is found. */
  public static final String PERSONAL_INFORMATION = "A.4.6";

  private final LexiconStore lexicons;
  private final PiiScanner pii;
  private final AttackDetector attacks;
  private final LayerExtractor extractor;
  private final Masker masker;
  private final GuardThresholds thresholds;
  private final CustomRuleStore customRules;
  private final SemanticClassifier semantic;

  public GuardEngine(LexiconStore lexicons, PiiScanner pii, AttackDetector attacks, LayerExtractor extractor,
      Masker masker, GuardThresholds thresholds) {
    this(lexicons, pii, attacks, extractor, masker, thresholds, new CustomRuleStore(), null);
  }

  /** An engine that also applies each tenant's custom sensitive-data rules from {@code customRules}. */
  public GuardEngine(LexiconStore lexicons, PiiScanner pii, AttackDetector attacks, LayerExtractor extractor,
      Masker masker, GuardThresholds thresholds, CustomRuleStore customRules) {
    this(lexicons, pii, attacks, extractor, masker, thresholds, customRules, null);
  }

  /** {@code semantic} may be {@code null}: the engine then decides on its rules alone. */
  public GuardEngine(LexiconStore lexicons, PiiScanner pii, AttackDetector attacks, LayerExtractor extractor,
      Masker masker, GuardThresholds thresholds, SemanticClassifier semantic) {
    this(lexicons, pii, attacks, extractor, masker, thresholds, new CustomRuleStore(), semantic);
  }

  /** The full engine: tenants' custom rules and an optional semantic classifier ({@code null}: rules alone). */
  public GuardEngine(LexiconStore lexicons, PiiScanner pii, AttackDetector attacks, LayerExtractor extractor,
      Masker masker, GuardThresholds thresholds, CustomRuleStore customRules, SemanticClassifier semantic) {
    this.customRules = customRules;
    this.semantic = semantic;
    this.lexicons = lexicons;
    this.pii = pii;
    this.attacks = attacks;
    this.extractor = extractor;
    this.masker = masker;
    this.thresholds = thresholds;
  }

  /** An engine with the built-in detectors and default thresholds over the given banks. */
  public static GuardEngine withDefaults(LexiconStore lexicons, byte[] maskingSalt) {
    return new GuardEngine(lexicons, PiiScanner.builtIn(), AttackDetector.builtIn(), LayerExtractor.defaults(),
        new Masker(maskingSalt), GuardThresholds.defaults());
  }

  /** An engine with the built-in detectors, default thresholds and the tenants' custom rules. */
  public static GuardEngine withDefaults(LexiconStore lexicons, byte[] maskingSalt, CustomRuleStore customRules) {
    return withDefaults(lexicons, maskingSalt, customRules, null);
  }

  /** An engine with the built-in detectors, default thresholds and the given semantic classifier (may be null). */
  public static GuardEngine withDefaults(LexiconStore lexicons, byte[] maskingSalt, SemanticClassifier semantic) {
    return withDefaults(lexicons, maskingSalt, new CustomRuleStore(), semantic);
  }

  /** An engine with the built-in detectors, default thresholds, custom rules and a classifier (may be null). */
  public static GuardEngine withDefaults(LexiconStore lexicons, byte[] maskingSalt, CustomRuleStore customRules,
      SemanticClassifier semantic) {
    return new GuardEngine(lexicons, PiiScanner.builtIn(), AttackDetector.builtIn(), LayerExtractor.defaults(),
        new Masker(maskingSalt), GuardThresholds.defaults(), customRules, semantic);
  }

  /** The semantic classifier, or {@code null} when the engine runs on rules alone. */
  public SemanticClassifier semantic() {
    return semantic;
  }

  public GuardThresholds thresholds() {
    return thresholds;
  }

  public Decision check(CheckRequest request) {
    List<Layer> layers = extractor.extract(request.text());
    LexiconStore.Snapshot banks = lexicons.snapshot();
    Lexicon tenant = banks.tenant(request.tenant());
    List<Match> matched = new ArrayList<>(banks.global().match(layers, tenant));
    if (tenant != null) {
      matched.addAll(tenant.match(layers, banks.global()));
    }
    RiskLevel lexiconLevel = matched.stream().map(Match::level).reduce(RiskLevel.NONE, RiskLevel::max);
    Set<String> categories = new LinkedHashSet<>();
    matched.forEach(m -> categories.add(m.riskType()));

    double attackScore = 0;
    if (request.direction() == Direction.INPUT) {
      AttackScore score = attacks.score(layers, request.history(), thresholds.historyDecay());
      attackScore = score.total();
      matched.addAll(score.matched());
    }
    RiskLevel attackLevel = attackScore >= thresholds.attackBlock() ? RiskLevel.HIGH
        : attackScore >= thresholds.attackWithLexicon() ? RiskLevel.MEDIUM
        : attackScore > 0 ? RiskLevel.LOW : RiskLevel.NONE;
    boolean block = lexiconLevel == RiskLevel.HIGH || attackLevel == RiskLevel.HIGH
        || attackLevel == RiskLevel.MEDIUM && lexiconLevel.compareTo(RiskLevel.MEDIUM) >= 0;
    if (block && attackLevel.compareTo(RiskLevel.MEDIUM) >= 0) {
      categories.add(PROMPT_ATTACK);
    }
    RiskLevel semanticLevel = RiskLevel.NONE;
    double semanticProbability = Decision.NOT_CLASSIFIED;
    if (semantic != null && !block && !request.rulesOnly()) {
      SemanticVerdict v = semantic.classifyNormalised(normalised(layers, request.text()), request.direction());
      semanticProbability = v.probability();
      semanticLevel = switch (v.level()) {
        case BLOCK -> RiskLevel.HIGH;
        case SUSPICIOUS -> RiskLevel.MEDIUM;
        case NONE -> RiskLevel.NONE;
      };
      if (semanticLevel == RiskLevel.HIGH || semanticLevel == RiskLevel.MEDIUM
          && attackScore >= thresholds.attackWithLexicon()) {
        block = true;
        categories.add(v.riskType());
        if (attackLevel.compareTo(RiskLevel.MEDIUM) >= 0) {
          categories.add(PROMPT_ATTACK);
        }
      }
      if (semanticLevel != RiskLevel.NONE) {
        matched.addAll(semanticMatches(request.text(), v, semanticLevel));
      }
    }

    List<CustomRule> custom = customRules.rules(request.tenant());
    List<PiiMatch> found = (custom.isEmpty() ? pii : pii.with(custom)).scan(request.text());
    List<PiiMatch> toMask = found.stream().filter(p -> p.confidence() >= thresholds.piiMinConfidence()).toList();
    RiskLevel piiLevel = RiskLevel.NONE;
    for (PiiMatch p : found) {
      RiskLevel level = p.confidence() < thresholds.piiMinConfidence() ? RiskLevel.NONE : identifying(p.type())
          ? RiskLevel.MEDIUM : RiskLevel.LOW;
      matched.add(new Match("pii", p.type().name(), p.span(), Layer.ORIGINAL, p.rule(), level));
      piiLevel = piiLevel.max(level);
    }
    if (!toMask.isEmpty()) {
      categories.add(PERSONAL_INFORMATION);
    }
    boolean maskWanted = request.direction() == Direction.INPUT ? thresholds.maskInput() : thresholds.maskOutput();
    String masked = maskWanted && !toMask.isEmpty() ? mask(request.text(), toMask, custom) : request.text();
    Action action = block ? Action.BLOCK : !masked.equals(request.text()) ? Action.MASK : Action.ALLOW;
    RiskLevel risk = lexiconLevel.max(attackLevel).max(piiLevel).max(semanticLevel);
    return new Decision(action, risk, new ArrayList<>(categories), masked, matched, attackScore,
        semanticProbability);
  }

  /** The original text's normalised layer (computed once for the rules; the classifier reads it too). */
  private static String normalised(List<Layer> layers, String text) {
    if (layers.size() > 1 && layers.get(0).text().equals(text) && layers.get(1).name().equals(Layer.NORMALISED)) {
      return layers.get(1).text();
    }
    return Normalizer.normalise(text);
  }

  /** The explanation of a semantic verdict: one match per nearest training exemplar, spanning the scored window. */
  private static List<Match> semanticMatches(String text, SemanticVerdict v, RiskLevel level) {
    // The window is normalised text; when it cannot be found verbatim the match spans the whole input.
    int start = text.indexOf(v.window());
    Span span = start < 0 ? new Span(0, text.length()) : new Span(start, start + v.window().length());
    List<Match> out = new ArrayList<>();
    out.add(new Match("semantic", v.riskType(), span, Layer.ORIGINAL,
        String.format(java.util.Locale.ROOT, "p=%.3f", v.probability()) + (v.cue() == null ? "" : " " + v.cue()),
        level));
    for (SemanticVerdict.Neighbour n : v.nearest()) {
      out.add(new Match("semantic", n.riskType(), span, Layer.ORIGINAL, String.format(java.util.Locale.ROOT,
          "%s exemplar %s (cos %.3f)", n.shouldRefuse() ? "refuse" : "answer", n.label(), n.similarity()),
          n.shouldRefuse() ? level : RiskLevel.NONE));
    }
    return out;
  }

  /**
   * How many characters at the end of a partly generated {@code text} must be held back because the next
   * characters could still turn them into a finding: the longest tail (at most {@code max}) whose matching form
   * starts a term of the global or the tenant's bank, or a trailing run of digits and Latin letters that could grow
   * into personal data (a phone, card or ID number, an e-mail address).
   */
  public int pendingTail(String text, String tenant, int max) {
    int limit = Math.min(max, text.length());
    int hold = 0;
    while (hold < limit && identifierChar(text, text.length() - 1 - hold)) {
      hold++;
    }
    LexiconStore.Snapshot banks = lexicons.snapshot();
    Lexicon tenantBank = banks.tenant(tenant);
    int longest = Math.max(banks.global().maxKeyLength(), tenantBank == null ? 0 : tenantBank.maxKeyLength());
    int fast = termTail(text, limit, longest, banks.global(), tenantBank);
    if (fast >= 0) {
      return Math.max(hold, fast);
    }
    for (int k = 1; k <= limit; k++) {
      String key = Lexicon.key(text.substring(text.length() - k));
      if (key.length() > longest) {
        break;
      }
      if (banks.global().startsTerm(key) || tenantBank != null && tenantBank.startsTerm(key)) {
        hold = Math.max(hold, k);
      }
    }
    return hold;
  }

  /**
   * {@link #pendingTail}'s lexicon part in one pass, when every char of the tail has a matching form of its own
   * ({@link Normalizer#keyChar}): the suffixes' keys are built from the end char by char instead of normalising
   * each suffix again (a stream calls this once per delta). Returns -1 when a char needs the whole-string path.
   */
  private static int termTail(String text, int limit, int longest, Lexicon global, Lexicon tenantBank) {
    int end = text.length();
    for (int i = end - limit; i < end; i++) {
      if (Normalizer.keyChar(text.charAt(i)) == Normalizer.CONTEXTUAL) {
        return -1;
      }
    }
    char[] key = new char[Math.min(limit, longest) + 1];
    int from = key.length;
    int hold = 0;
    boolean starts = false;
    for (int k = 1; k <= limit; k++) {
      int c = Normalizer.keyChar(text.charAt(end - k));
      if (c != Normalizer.DROPPED) {
        if (from == 0) {
          break; // the key is longer than the longest term
        }
        key[--from] = (char) c;
        if (key.length - from > longest) {
          break;
        }
        String s = new String(key, from, key.length - from);
        starts = global.startsTerm(s) || tenantBank != null && tenantBank.startsTerm(s);
      }
      if (starts) {
        hold = k; // a dropped char leaves the key, and so the answer, as it was
      }
    }
    return hold;
  }

  private static boolean identifierChar(String text, int i) {
    char c = text.charAt(i);
    if (c == ' ' && i > 0 && Character.isDigit(text.charAt(i - 1))) {
      return true; // "138 0013 8000": a spaced number is still one number
    }
    return c < 128 && (Character.isLetterOrDigit(c) || c == '@' || c == '.' || c == '-' || c == '+' || c == '_')
        || c >= '\uFF10' && c <= '\uFF19';
  }

  /** Masks with the configured strategy; a custom rule's matches with the rule's own strategy and label. */
  private String mask(String text, List<PiiMatch> toMask, List<CustomRule> custom) {
    if (custom.isEmpty()) {
      return masker.mask(text, toMask, thresholds.maskStrategy());
    }
    Map<String, CustomRule> byName = new HashMap<>();
    custom.forEach(r -> byName.putIfAbsent(r.name(), r));
    return masker.mask(text, toMask, m -> {
      CustomRule r = m.type() == PiiType.CUSTOM ? byName.get(m.rule()) : null;
      return r != null && r.strategy() != null ? r.strategy() : thresholds.maskStrategy();
    }, m -> {
      CustomRule r = m.type() == PiiType.CUSTOM ? byName.get(m.rule()) : null;
      return r != null && r.label() != null ? r.label() : m.type().token();
    });
  }

  private static boolean identifying(PiiType type) {
    return type == PiiType.RESIDENT_ID || type == PiiType.BANK_CARD || type == PiiType.PASSPORT;
  }
}
