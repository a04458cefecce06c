package io.jingzhi.guard.policy;

import io.jingzhi.common.error.FieldError;
import io.jingzhi.guard.engine.GuardEngine;
import io.jingzhi.guard.engine.lexicon.RiskClass;
import io.jingzhi.guard.engine.lexicon.RiskType;
import io.jingzhi.guard.engine.pii.MaskStrategy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a complete policy must follow, checked the same way for the API and the bootstrap file. Every
 * problem is reported with its field path (snake_case), so the operator sees which field to fix.
 */
public final class PolicyRules {

  static final Set<String> MODES = Set.of("monitor", "enforce");
  static final List<String> ACTIONS = List.of("allow", "block", "mask", "answer", "alert", "redirect");
  static final Set<String> DIRECTIONS = Set.of("input", "output", "both");
  static final List<String> LEVELS = List.of("low", "medium", "high");
  static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d|24:00");
  static final int MAX_LIST = 1000;

  private PolicyRules() {}

  /** Problems of a complete policy (a create body, or an update merged onto the stored policy). */
  static List<FieldError> check(PolicySpec p) {
    List<FieldError> out = new ArrayList<>();
    if (p.code() == null || !CODE.matcher(p.code()).matches()) {
      out.add(new FieldError("code", "required: letters, digits and _ . - (max 64), starting with a letter or digit"));
    }
    if (p.name() == null || p.name().isBlank() || p.name().length() > 200) {
      out.add(new FieldError("name", "required, at most 200 characters"));
    }
    if (p.description() != null && p.description().length() > 2000) {
      out.add(new FieldError("description", "at most 2000 characters"));
    }
    if (p.priority() != null && (p.priority() < 0 || p.priority() > 1_000_000)) {
      out.add(new FieldError("priority", "must be from 0 to 1000000 (lower numbers are evaluated first)"));
    }
    if (p.mode() != null && !MODES.contains(p.mode())) {
      out.add(new FieldError("mode", "must be monitor or enforce"));
    }
    if (p.action() == null || !ACTIONS.contains(p.action())) {
      out.add(new FieldError("action", "required: one of " + String.join(", ", ACTIONS)));
    }
    checkAction(p, out);
    checkScope(p.scope(), "scope", out);
    checkScope(p.exceptions(), "exceptions", out);
    checkConditions(p.conditions(), out);
    return out;
  }

  private static void checkAction(PolicySpec p, List<FieldError> out) {
    String action = p.action() == null ? "" : p.action();
    if (p.maskStrategy() != null) {
      if (!action.equals("mask")) {
        out.add(new FieldError("mask_strategy", "only a mask policy has a masking strategy"));
      } else if (strategy(p.maskStrategy()) == null) {
        out.add(new FieldError("mask_strategy", "must be one of full, partial, token, hash, shuffle"));
      }
    }
    if (action.equals("redirect")) {
      if (p.redirectUrl() == null || !httpUrl(p.redirectUrl())) {
        out.add(new FieldError("redirect_url", "a redirect policy needs an http(s) URL such as https://example.gov.cn/help"));
      }
    } else if (p.redirectUrl() != null) {
      out.add(new FieldError("redirect_url", "only a redirect policy has a redirect URL"));
    }
    if ((p.answerText() != null || p.answerGroup() != null) && !action.equals("answer")) {
      out.add(new FieldError(p.answerText() != null ? "answer_text" : "answer_group",
          "only an answer policy has a fixed answer or an answer group"));
    }
    if (p.refusalText() != null && !Set.of("block", "redirect", "answer").contains(action)) {
      out.add(new FieldError("refusal_text", "only block, redirect and answer policies refuse"));
    }
    length(p.refusalText(), "refusal_text", 4000, out);
    length(p.answerText(), "answer_text", 4000, out);
    length(p.answerGroup(), "answer_group", 64, out);
  }

  private static void checkScope(PolicyScope s, String path, List<FieldError> out) {
    if (s == null) {
      return;
    }
    size(s.apps(), path + ".apps", out);
    size(s.models(), path + ".models", out);
    size(s.users(), path + ".users", out);
    size(s.roles(), path + ".roles", out);
    size(s.orgs(), path + ".orgs", out);
    size(s.ips(), path + ".ips", out);
    size(s.times(), path + ".times", out);
    for (int i = 0; i < s.apps().size(); i++) {
      if (s.apps().get(i) == null || s.apps().get(i) < 1) {
        out.add(new FieldError(path + ".apps[" + i + "]", "must be an app id"));
      }
    }
    for (int i = 0; i < s.orgs().size(); i++) {
      if (s.orgs().get(i) == null || s.orgs().get(i) < 1) {
        out.add(new FieldError(path + ".orgs[" + i + "]", "must be an org id"));
      }
    }
    texts(s.models(), path + ".models", 128, out);
    texts(s.users(), path + ".users", 128, out);
    texts(s.roles(), path + ".roles", 64, out);
    for (int i = 0; i < s.ips().size(); i++) {
      if (Cidr.parse(s.ips().get(i)).isEmpty()) {
        out.add(new FieldError(path + ".ips[" + i + "]", "'" + s.ips().get(i)
            + "' is not an IP address or CIDR range such as 10.0.0.0/8 or fd00::/8"));
      }
    }
    for (int i = 0; i < s.times().size(); i++) {
      checkWindow(s.times().get(i), path + ".times[" + i + "]", out);
    }
  }

  private static void checkWindow(PolicyScope.TimeWindow w, String path, List<FieldError> out) {
    if (w == null) {
      out.add(new FieldError(path, "must be {days, from, to}"));
      return;
    }
    for (Integer d : w.days()) {
      if (d == null || d < 1 || d > 7) {
        out.add(new FieldError(path + ".days", "days are 1 (Monday) to 7 (Sunday)"));
        break;
      }
    }
    boolean from = w.from() != null && TIME.matcher(w.from()).matches() && !w.from().equals("24:00");
    boolean to = w.to() != null && TIME.matcher(w.to()).matches();
    if (!from) {
      out.add(new FieldError(path + ".from", "required: a time HH:mm from 00:00 to 23:59 (Asia/Shanghai)"));
    }
    if (!to) {
      out.add(new FieldError(path + ".to", "required: a time HH:mm from 00:01 to 24:00 (Asia/Shanghai)"));
    }
    if (from && to && w.from().equals(w.to())) {
      out.add(new FieldError(path + ".to", "must differ from from (use 00:00–24:00 for the whole day)"));
    }
  }

  private static void checkConditions(PolicyConditions c, List<FieldError> out) {
    if (c == null) {
      return;
    }
    if (!DIRECTIONS.contains(c.direction())) {
      out.add(new FieldError("conditions.direction", "must be input, output or both"));
    }
    if (c.minLevel() != null && !LEVELS.contains(c.minLevel())) {
      out.add(new FieldError("conditions.min_level", "must be low, medium or high"));
    }
    size(c.riskTypes(), "conditions.risk_types", out);
    for (int i = 0; i < c.riskTypes().size(); i++) {
      String t = c.riskTypes().get(i);
      if (!knownRiskType(t)) {
        out.add(new FieldError("conditions.risk_types[" + i + "]", "unknown risk type '" + t
            + "': use a TC260-003 code (A.1.4), a class (A.1) or " + GuardEngine.PROMPT_ATTACK));
      }
    }
    size(c.terms(), "conditions.terms", out);
    texts(c.terms(), "conditions.terms", 200, out);
  }

  /** A TC260-003 type or class code, or {@code prompt-attack}. */
  public static boolean knownRiskType(String t) {
    return t != null && (GuardEngine.PROMPT_ATTACK.equals(t) || RiskType.byCode(t).map(r -> r.code().equals(t))
        .orElse(false) || Arrays.stream(RiskClass.values()).anyMatch(c -> c.code().equals(t)));
  }

  /** Whether a reported category falls under a condition's risk type (itself or a code below a class prefix). */
  static boolean covers(String wanted, String category) {
    return category.equals(wanted) || category.startsWith(wanted + ".");
  }

  static MaskStrategy strategy(String s) {
    try {
      return s == null ? null : MaskStrategy.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static boolean httpUrl(String url) {
    try {
      URI uri = URI.create(url.strip());
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && url.length() <= 2000;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void size(List<?> list, String path, List<FieldError> out) {
    if (list.size() > MAX_LIST) {
      out.add(new FieldError(path, "at most " + MAX_LIST + " entries"));
    }
  }

  private static void texts(List<String> list, String path, int max, List<FieldError> out) {
    for (int i = 0; i < list.size(); i++) {
      String v = list.get(i);
      if (v == null || v.isBlank() || v.length() > max) {
        out.add(new FieldError(path + "[" + i + "]", "must be a non-empty text of at most " + max + " characters"));
      }
    }
  }

  private static void length(String v, String field, int max, List<FieldError> out) {
    if (v != null && v.length() > max) {
      out.add(new FieldError(field, "at most " + max + " characters"));
    }
  }
}
