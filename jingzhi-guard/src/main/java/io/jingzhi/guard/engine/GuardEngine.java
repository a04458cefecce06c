package io.jingzhi.guard.engine;

import io.jingzhi.guard.engine.attack.AttackDetector;
import io.jingzhi.guard.engine.attack.AttackScore;
import io.jingzhi.guard.engine.decode.Layer;
import io.jingzhi.guard.engine.decode.LayerExtractor;
import io.jingzhi.guard.engine.lexicon.Lexicon;
import io.jingzhi.guard.engine.lexicon.LexiconStore;
import io.jingzhi.guard.engine.pii.CustomRule;
import io.jingzhi.guard.engine.pii.CustomRuleStore;
import io.jingzhi.guard.engine.pii.Masker;
import io.jingzhi.guard.engine.pii.PiiMatch;
import io.jingzhi.guard.engine.pii.PiiScanner;
import io.jingzhi.guard.engine.pii.PiiType;
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
 * together with a medium term; otherwise mask sensitive data; otherwise allow. Thread-safe; no Spring.
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

  public GuardEngine(LexiconStore lexicons, PiiScanner pii, AttackDetector attacks, LayerExtractor extractor,
      Masker masker, GuardThresholds thresholds) {
    this(lexicons, pii, attacks, extractor, masker, thresholds, new CustomRuleStore());
  }

  /** An engine that also applies each tenant's custom sensitive-data rules from {@code customRules}. */
  public GuardEngine(LexiconStore lexicons, PiiScanner pii, AttackDetector attacks, LayerExtractor extractor,
      Masker masker, GuardThresholds thresholds, CustomRuleStore customRules) {
    this.customRules = customRules;
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
    return new GuardEngine(lexicons, PiiScanner.builtIn(), AttackDetector.builtIn(), LayerExtractor.defaults(),
        new Masker(maskingSalt), GuardThresholds.defaults(), customRules);
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
    RiskLevel risk = lexiconLevel.max(attackLevel).max(piiLevel);
    return new Decision(action, risk, new ArrayList<>(categories), masked, matched, attackScore);
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
