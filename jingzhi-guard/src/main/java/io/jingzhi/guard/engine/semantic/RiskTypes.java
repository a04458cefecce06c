package io.jingzhi.guard.engine.semantic;

import io.jingzhi.guard.engine.GuardEngine;
import java.util.List;
import java.util.Map;

/**
 * Maps the category labels of the training sets (JADE, JailBench, XSTest, the jingzhi-authored sets) to TC260-003
 * risk-type codes, so a semantic verdict names a type the rest of the guard understands. Unknown crimes fall back
 * to A.1.8 (other content prohibited by law).
 */
final class RiskTypes {

  static final String FALLBACK = "A.1.8";

  // Order matters: the first fragment found in the label wins (more specific before more general).
  private static final List<Map.Entry<String, String>> FRAGMENTS = List.of(
      Map.entry("恐怖主义", "A.1.4"), Map.entry("极端主义", "A.1.4"),
      Map.entry("国家利益", "A.1.2"), Map.entry("国家形象", "A.1.2"), Map.entry("国家安全", "A.1.2"),
      Map.entry("颠覆", "A.1.1"), Map.entry("分裂", "A.1.3"),
      Map.entry("民族仇恨", "A.1.5"), Map.entry("宣扬民族歧视", "A.1.5"),
      Map.entry("淫秽色情", "A.1.6"), Map.entry("宣扬暴力", "A.1.6"),
      Map.entry("虚假有害信息", "A.1.7"),
      Map.entry("民族歧视", "A.2.1"), Map.entry("种族歧视", "A.2.1"), Map.entry("信仰歧视", "A.2.2"),
      Map.entry("国别歧视", "A.2.3"), Map.entry("地域歧视", "A.2.4"), Map.entry("性别歧视", "A.2.5"),
      Map.entry("年龄歧视", "A.2.6"), Map.entry("职业歧视", "A.2.7"), Map.entry("健康歧视", "A.2.8"),
      Map.entry("歧视", "A.2.9"), Map.entry("contrast_discr", "A.2.9"),
      Map.entry("知识产权", "A.3.1"), Map.entry("商业道德", "A.3.2"), Map.entry("内幕交易", "A.3.2"),
      Map.entry("商业秘密", "A.3.3"), Map.entry("垄断", "A.3.4"), Map.entry("商业违法", "A.3.5"),
      Map.entry("身心健康", "A.4.1"), Map.entry("肖像权", "A.4.2"), Map.entry("名誉权", "A.4.3"),
      Map.entry("荣誉权", "A.4.4"), Map.entry("个人信息", "A.4.6"), Map.entry("私人信息", "A.4.6"),
      Map.entry("隐私", "A.4.5"), Map.entry("contrast_privacy", "A.4.5"),
      Map.entry("财产权", "A.4.7"), Map.entry("合法权益", "A.4.7"),
      Map.entry("服务类型的安全需求/科学", "A.5.1"), Map.entry("服务类型的安全需求/历史", "A.5.1"),
      Map.entry("服务类型的安全需求", "A.5.2"),
      Map.entry("jailbreak_template", GuardEngine.PROMPT_ATTACK), Map.entry("jailbreak", GuardEngine.PROMPT_ATTACK));

  private RiskTypes() {}

  /** The TC260 code for a training label; a label that already is a code ("A.2.4") is kept. */
  static String of(String label) {
    if (label == null || label.isBlank()) {
      return FALLBACK;
    }
    String l = label.trim();
    if (l.matches("A\\.[1-5]\\.[1-9]")) {
      return l;
    }
    // JailBench wraps its seed label in "jailbreak/…": the harm inside the wrapper is the more useful type.
    String inner = l.startsWith("jailbreak/") ? l.substring("jailbreak/".length()) : l;
    for (Map.Entry<String, String> e : FRAGMENTS) {
      if (inner.contains(e.getKey())) {
        return e.getValue();
      }
    }
    return FALLBACK;
  }
}
