package io.jingzhi.knowledge.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule extraction for Chinese policy documents (政策文件): the document number (京政办发〔2024〕12号), the issuing
 * unit (发文机关/印发单位, the signature above the date, or the title's "XX关于…"), dates (成文/施行/有效期/废止),
 * cited documents (《…》 titles with their numbers, bare numbers), superseded ones (同时废止《…》) and the ones a notice
 * issues or forwards (关于印发《…》的通知, 现将《…》印发给你们: the notice does not cite what it carries).
 */
public final class PolicyRules {

  /** What the rules found in one document. */
  public record Found(String title, Map<String, String> attributes, String issuingUnit, List<Cited> cited,
      List<Cited> superseded, List<Cited> published, List<Cited> forwarded) {}

  /** A document named by this one: its title (may be null for a bare number) and number (may be null). */
  public record Cited(String title, String docNumber) {

    /** The name the cited document gets in the graph: its title, else its number. */
    public String name() {
      return title != null ? title : docNumber;
    }
  }

  static final String DATE = "(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日";
  private static final Pattern DOC_NUMBER = Pattern.compile(
      "[\\p{IsHan}A-Za-z]{1,16}\\s*[〔\\[［【(（]\\s*(19|20)\\d{2}\\s*[〕\\]］】)）]\\s*第?\\s*\\d{1,5}\\s*号");
  private static final Pattern TITLE = Pattern.compile("《([^《》\\n]{2,100})》\\s*(?:[（(]\\s*(" + DOC_NUMBER.pattern()
      + ")\\s*[）)])?");
  private static final Pattern LABELLED_UNIT = Pattern.compile(
      "(?:发文机关|印发单位|发文单位|发布机关|制发机关|发布单位)\\s*[:：]\\s*([^\\s，,。；;]{2,40})");
  private static final Pattern ORG_LINE = Pattern.compile(
      "^\\s*([\\p{IsHan}（）()]{2,40}(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管理局|服务局|局|厅|委|部|院|中心|政府))\\s*$");
  private static final Pattern DATE_LINE = Pattern.compile("^\\s*" + DATE + "\\s*$");
  private static final Pattern TITLE_ISSUER = Pattern.compile(
      "^([\\p{IsHan}（）()]{2,40}?(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管理局|服务局|局|厅))(?:[、和与][\\p{IsHan}]{2,30})?关于");
  private static final Pattern PUBLISH = Pattern.compile("(?:成文日期|发布日期|印发日期)\\s*[:：]\\s*" + DATE);
  private static final Pattern EFFECTIVE = Pattern.compile(
      "(?:自\\s*" + DATE + "\\s*起\\s*(?:施行|实施|执行|生效))|(?:(?:施行日期|实施日期|生效日期)\\s*[:：]\\s*" + DATE + ")");
  private static final Pattern EXPIRY = Pattern.compile("有效期\\s*(?:至|到|截至)\\s*" + DATE);
  private static final Pattern VALIDITY = Pattern.compile("有效期\\s*(?:为)?\\s*([0-9一二三四五六七八九十]{1,3})\\s*年");
  private static final Pattern OWN_EXPIRY = Pattern.compile(DATE + "\\s*(?:起)?\\s*(?:废止|失效)");
  /** A notice's title carrying documents: 关于印发《…》的通知 (转发, 发布, 颁布; the 《…》 may be several). */
  private static final Pattern TITLE_CARRIES = Pattern.compile("关于(印发|转发|发布|颁布)(.+)的(?:通知|决定|通告|公告|函)");
  /** The body handing them on: 现将《…》印发给你们 (转发, 发布 给/如下). */
  private static final Pattern BODY_CARRIES = Pattern.compile("将((?:\\s*《[^《》\\n]{2,100}》[^《》。\\n]{0,40}?)+)"
      + "(印发|转发|发布)(?:给|如下)");

  private PolicyRules() {}

  /** Runs every rule over a document; {@code title}: the document's title when known (else its first line). */
  public static Found extract(String title, String text) {
    String body = arabicDates(text == null ? "" : text);
    String name = title != null && !title.isBlank() ? clean(title) : firstLine(body);
    Map<String, String> attributes = new LinkedHashMap<>();
    String ownNumber = ownNumber(body);
    if (ownNumber != null) {
      attributes.put(GraphVocabulary.DOC_NUMBER, ownNumber);
    }
    String unit = issuingUnit(name, body);
    if (unit != null) {
      attributes.put(GraphVocabulary.ISSUING_UNIT, unit);
    }
    date(PUBLISH, body).or(() -> signatureDate(body))
        .ifPresent(d -> attributes.put(GraphVocabulary.PUBLISH_DATE, d));
    date(EFFECTIVE, body).ifPresent(d -> attributes.put(GraphVocabulary.EFFECTIVE_DATE, d));
    date(EXPIRY, body).or(() -> date(OWN_EXPIRY, withoutTitles(body)))
        .ifPresent(d -> attributes.put(GraphVocabulary.EXPIRY_DATE, d));
    Matcher v = VALIDITY.matcher(body);
    if (v.find()) {
      attributes.put(GraphVocabulary.VALIDITY, v.group(1) + "年");
    }
    List<Cited> superseded = new ArrayList<>();
    Set<String> supersededNames = new LinkedHashSet<>();
    for (String sentence : body.split("[。；;\\n]")) {
      if (sentence.contains("废止") || sentence.contains("停止执行")) {
        for (Cited c : titles(sentence)) {
          if (!c.name().equals(name) && supersededNames.add(c.name())) {
            superseded.add(c);
          }
        }
      }
    }
    List<Cited> published = new ArrayList<>();
    List<Cited> forwarded = new ArrayList<>();
    Set<String> carriedNames = new LinkedHashSet<>();
    Matcher carries = TITLE_CARRIES.matcher(name);
    if (carries.find()) {
      carried(titles(carries.group(2)), carries.group(1), name, supersededNames, carriedNames, published, forwarded);
    }
    Matcher handsOn = BODY_CARRIES.matcher(body);
    while (handsOn.find()) {
      carried(titles(handsOn.group(1)), handsOn.group(2), name, supersededNames, carriedNames, published, forwarded);
    }
    List<Cited> cited = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>(supersededNames);
    seen.addAll(carriedNames);
    Set<String> numbersOfTitles = new LinkedHashSet<>();
    for (Cited c : titles(body)) {
      if (c.docNumber() != null) {
        numbersOfTitles.add(c.docNumber());
      }
      if (!c.name().equals(name) && seen.add(c.name())) {
        cited.add(c);
      }
    }
    for (List<Cited> named : List.of(superseded, published, forwarded)) {
      named.forEach(c -> {
        if (c.docNumber() != null) {
          numbersOfTitles.add(c.docNumber());
        }
      });
    }
    Matcher n = DOC_NUMBER.matcher(body);
    while (n.find()) {
      String number = normalizeNumber(n.group());
      if (!number.equals(ownNumber) && !numbersOfTitles.contains(number) && seen.add(number)) {
        cited.add(new Cited(null, number));
      }
    }
    return new Found(name, attributes, unit, cited, superseded, published, forwarded);
  }

  /** Documents a notice carries: forwarded (转发) or published (印发, 发布, 颁布), each once, never itself. */
  private static void carried(List<Cited> titles, String verb, String own, Set<String> superseded, Set<String> names,
      List<Cited> published, List<Cited> forwarded) {
    for (Cited c : titles) {
      if (!c.name().equals(own) && !superseded.contains(c.name()) && names.add(c.name())) {
        ("转发".equals(verb) ? forwarded : published).add(c);
      }
    }
  }

  private static List<Cited> titles(String text) {
    List<Cited> out = new ArrayList<>();
    Matcher m = TITLE.matcher(text);
    while (m.find()) {
      String number = m.group(2) == null ? null : normalizeNumber(m.group(2));
      out.add(new Cited(clean(m.group(1)), number));
    }
    return out;
  }

  /** The document's own number: one standing on its own line near the top, or the first in the head. */
  private static String ownNumber(String body) {
    String head = body.length() > 400 ? body.substring(0, 400) : body;
    for (String line : head.split("\\n")) {
      Matcher m = DOC_NUMBER.matcher(line.strip());
      if (m.matches()) {
        return normalizeNumber(m.group());
      }
    }
    Matcher m = DOC_NUMBER.matcher(withoutTitles(head));
    return m.find() ? normalizeNumber(m.group()) : null;
  }

  private static String issuingUnit(String title, String body) {
    Matcher labelled = LABELLED_UNIT.matcher(body);
    if (labelled.find()) {
      return labelled.group(1);
    }
    String[] lines = body.split("\\n");
    for (int i = lines.length - 1; i > 0; i--) {
      if (DATE_LINE.matcher(lines[i]).matches()) {
        for (int j = i - 1; j >= Math.max(0, i - 3); j--) {
          Matcher org = ORG_LINE.matcher(lines[j]);
          if (org.matches()) {
            return org.group(1);
          }
        }
      }
    }
    Matcher fromTitle = TITLE_ISSUER.matcher(title);
    return fromTitle.find() ? fromTitle.group(1) : null;
  }

  private static java.util.Optional<String> signatureDate(String body) {
    String[] lines = body.split("\\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      Matcher m = DATE_LINE.matcher(lines[i]);
      if (m.matches()) {
        return java.util.Optional.of(iso(m.group(1), m.group(2), m.group(3)));
      }
    }
    return java.util.Optional.empty();
  }

  private static java.util.Optional<String> date(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return java.util.Optional.empty();
    }
    for (int g = 1; g + 2 <= m.groupCount(); g += 3) {
      if (m.group(g) != null) {
        return java.util.Optional.of(iso(m.group(g), m.group(g + 1), m.group(g + 2)));
      }
    }
    return java.util.Optional.empty();
  }

  private static final Pattern HAN_DATE = Pattern.compile(
      "([〇○零一二三四五六七八九]{4})\\s*年\\s*([一二三四五六七八九十]{1,3})\\s*月\\s*([一二三四五六七八九十]{1,3})\\s*日");
  private static final String HAN_DIGITS = "〇一二三四五六七八九";

  /** Official documents often sign with 二〇二四年二月一日: the same date in Arabic digits, for the date rules. */
  static String arabicDates(String text) {
    Matcher m = HAN_DATE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      StringBuilder year = new StringBuilder();
      for (char c : m.group(1).toCharArray()) {
        year.append(c == '○' || c == '零' ? 0 : HAN_DIGITS.indexOf(c));
      }
      m.appendReplacement(out, year + "年" + hanNumber(m.group(2)) + "月" + hanNumber(m.group(3)) + "日");
    }
    m.appendTail(out);
    return out.toString();
  }

  /** 一 … 三十一. */
  private static int hanNumber(String s) {
    int ten = s.indexOf('十');
    if (ten < 0) {
      return HAN_DIGITS.indexOf(s.charAt(0));
    }
    int tens = ten == 0 ? 1 : HAN_DIGITS.indexOf(s.charAt(0));
    int ones = ten == s.length() - 1 ? 0 : HAN_DIGITS.indexOf(s.charAt(ten + 1));
    return tens * 10 + ones;
  }

  static String iso(String y, String m, String d) {
    return y + "-" + (m.length() == 1 ? "0" + m : m) + "-" + (d.length() == 1 ? "0" + d : d);
  }

  /**
   * One spelling per number: brackets to 〔〕, no spaces, no 第, and without the words a sentence puts before a
   * number (参照京人社发… → 京人社发…), which the pattern cannot tell from the issuer's abbreviation.
   */
  static String normalizeNumber(String raw) {
    return raw.replaceAll("\\s+", "").replaceFirst("^(?:根据|按照|依据|依照|参照|参见|详见|见|执行|遵照|和|及|与|以及|或)+", "").replaceAll("[\\[［【(（]", "〔").replaceAll("[\\]］】)）]", "〕")
        .replace("〕第", "〕");
  }

  private static String withoutTitles(String text) {
    return text.replaceAll("《[^《》\\n]{2,100}》(\\s*[（(][^）)]{0,40}[）)])?", "《》");
  }

  private static String firstLine(String body) {
    for (String line : body.split("\\n")) {
      if (!line.isBlank()) {
        return clean(line.length() > 200 ? line.substring(0, 200) : line);
      }
    }
    return "untitled";
  }

  private static String clean(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }
}
