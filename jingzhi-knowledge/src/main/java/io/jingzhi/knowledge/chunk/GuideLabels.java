package io.jingzhi.knowledge.chunk;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The field labels of a service guide (办事指南) and their variants, each mapped to one section name. A line opens a
 * section when it is a label alone or followed by a colon — 申请材料：, 【申请材料】, **申请材料**, 一、申请材料,
 * ## 申请材料 — so that 申请材料应当齐全 in running text opens nothing.
 */
final class GuideLabels {

  static final String ITEM = "事项名称";

  private static final Map<String, List<String>> SECTIONS = sections();

  private static final Map<String, String> CANONICAL = SECTIONS.entrySet().stream()
      .flatMap(e -> Stream.concat(Stream.of(e.getKey()), e.getValue().stream()).map(v -> Map.entry(v, e.getKey())))
      .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));

  private static final String ALTERNATION = CANONICAL.keySet().stream()
      .sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote)
      .collect(Collectors.joining("|"));

  private static final String NUMBERING =
      "(?:#{1,6}\\s*)?(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\\d]+[）)]|\\d{1,2}[.．、](?!\\d))?\\s*";

  private static final Pattern BRACKETED = Pattern.compile(
      "^" + NUMBERING + "(?:【|\\[|\\*\\*|〔)\\s*(" + ALTERNATION + ")\\s*(?:】|\\]|\\*\\*|〕)\\s*[:：]?\\s*(.*)$");
  private static final Pattern PLAIN =
      Pattern.compile("^" + NUMBERING + "(" + ALTERNATION + ")\\s*(?:[:：]\\s*(.*))?$");

  /** A label found at the start of a line: its section name and the value that follows it on the line. */
  record Match(String section, String value) {}

  private GuideLabels() {}

  static Match match(String line) {
    for (Pattern p : List.of(BRACKETED, PLAIN)) {
      Matcher m = p.matcher(line.strip());
      if (m.matches()) {
        String value = m.group(2) == null ? "" : m.group(2).replaceAll("^\\*\\*|\\*\\*$", "").strip();
        return new Match(CANONICAL.get(m.group(1)), value);
      }
    }
    return null;
  }

  /** The section name of a table cell that is exactly a label, else null. */
  static String section(String cell) {
    String key = cell == null ? "" : cell.strip().replaceAll("[【】\\[\\]*:：\\s]", "");
    return CANONICAL.get(key);
  }

  private static Map<String, List<String>> sections() {
    Map<String, List<String>> s = new LinkedHashMap<>();
    s.put(ITEM, List.of("事项名", "服务事项名称", "办理事项", "服务名称", "审批事项名称"));
    s.put("事项编码", List.of("事项代码", "实施编码", "基本编码"));
    s.put("事项类型", List.of("事项类别", "权力类型"));
    s.put("实施主体", List.of("实施机关", "实施机构", "办理部门", "受理部门", "受理机关", "责任部门", "主管部门", "办理机构"));
    s.put("办理依据", List.of("设定依据", "法律依据", "政策依据", "实施依据", "法定依据"));
    s.put("适用对象", List.of("服务对象", "申请对象", "办理对象"));
    s.put("受理条件", List.of("申请条件", "办理条件", "申办条件", "准予批准的条件", "申请人条件"));
    s.put("申请材料", List.of("所需材料", "申报材料", "提交材料", "办理材料", "申请材料目录", "材料清单"));
    s.put("办理流程", List.of("办理程序", "办事流程", "办理步骤", "审批流程", "办理环节"));
    s.put("办理时限", List.of("法定时限", "承诺时限", "法定办结时限", "承诺办结时限", "办结时限", "审批时限"));
    s.put("收费标准", List.of("收费依据", "是否收费", "收费情况", "收费项目"));
    s.put("办理结果", List.of("审批结果", "结果名称", "结果样本", "办理结果形式"));
    s.put("办理地点", List.of("受理地点", "办公地址", "窗口地址", "办理地址"));
    s.put("办理时间", List.of("受理时间", "办公时间", "工作时间"));
    s.put("网上办理", List.of("在线办理", "网办地址", "办理网址", "网上办理地址"));
    s.put("咨询电话", List.of("咨询方式", "联系电话", "咨询途径"));
    s.put("监督投诉", List.of("监督电话", "投诉电话", "投诉渠道", "监督投诉渠道"));
    s.put("注意事项", List.of("温馨提示", "特别提示", "其他事项"));
    return s;
  }
}
