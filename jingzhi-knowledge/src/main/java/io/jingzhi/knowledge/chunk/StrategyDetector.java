package io.jingzhi.knowledge.chunk;

import io.jingzhi.knowledge.parse.ParsedDocument;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Chooses a strategy for {@code auto} by looking at the content, first match wins: JSON Lines → jsonl; a table
 * with question and answer columns → faq; a spreadsheet (xls, xlsx, et, csv) or a document that is only tables
 * (their captions aside) → table; three or more service-guide
 * labels (事项名称, 办理依据, 申请材料 …) → service_guide; three articles (第X条) or two chapters (第X章) → policy;
 * two question–answer pairs → faq; Markdown headings (or two headings the parser marked) → markdown; else general.
 */
final class StrategyDetector {

  private static final Set<String> SPREADSHEETS = Set.of("xls", "xlsx", "et", "csv");

  private StrategyDetector() {}

  static String detect(ParsedDocument document) {
    if (JsonlStrategy.accepts(document)) {
      return JsonlStrategy.NAME;
    }
    List<Line> lines = Line.withoutCaptions(Line.of(document));
    long tables = lines.stream().filter(Line::isTable).count();
    if (lines.stream().anyMatch(l -> l.isTable() && FaqColumns.of(l.table()) != null)) {
      return FaqStrategy.NAME;
    }
    if (tables > 0 && (tables == lines.size() || SPREADSHEETS.contains(document.format()))) {
      return TableStrategy.NAME;
    }
    int articles = 0;
    int chapters = 0;
    int pairs = 0;
    int mdHeadings = 0;
    int parsedHeadings = 0;
    Set<String> guideSections = new HashSet<>();
    for (Line line : lines) {
      if (line.isTable()) {
        continue;
      }
      String text = line.text();
      PolicyLevel level = PolicyLevel.of(text);
      articles += level == PolicyLevel.ARTICLE ? 1 : 0;
      chapters += level == PolicyLevel.CHAPTER ? 1 : 0;
      GuideLabels.Match label = GuideLabels.match(text);
      if (label != null) {
        guideSections.add(label.section());
      }
      pairs += FaqStrategy.opensQuestion(text) ? 1 : 0;
      mdHeadings += MarkdownStrategy.HEADING.matcher(text).matches() ? 1 : 0;
      parsedHeadings += line.headingLevel() > 0 ? 1 : 0;
    }
    if (guideSections.size() >= 3 && guideSections.size() >= articles) {
      return ServiceGuideStrategy.NAME;
    }
    if (articles >= 3 || chapters >= 2) {
      return PolicyStrategy.NAME;
    }
    if (pairs >= 2) {
      return FaqStrategy.NAME;
    }
    if (mdHeadings >= 1 || parsedHeadings >= 2) {
      return MarkdownStrategy.NAME;
    }
    return GeneralStrategy.NAME;
  }
}
