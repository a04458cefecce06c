package io.jingzhi.knowledge.chunk;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbering levels of Chinese policy documents, outermost first: 第X编, 第X章, 第X节, 第X条, 一、, （一）, 1.
 * Only the start of a line counts, so 依照本办法第十二条 in running text is no heading.
 */
enum PolicyLevel {
  PART("^第[" + PolicyLevel.NUM + "]+编"),
  CHAPTER("^第[" + PolicyLevel.NUM + "]+章"),
  SECTION("^第[" + PolicyLevel.NUM + "]+节"),
  ARTICLE("^第[" + PolicyLevel.NUM + "]+条"),
  ITEM("^[一二三四五六七八九十]+、"),
  SUBITEM("^[（(][一二三四五六七八九十]+[）)]"),
  POINT("^\\d{1,2}[.．、](?!\\d)");

  static final String NUM = "零〇一二三四五六七八九十百千两\\d";

  private final Pattern pattern;

  PolicyLevel(String regex) {
    this.pattern = Pattern.compile(regex);
  }

  /** The level a line opens, or null for running text. */
  static PolicyLevel of(String line) {
    for (PolicyLevel level : values()) {
      if (level.pattern.matcher(line).find()) {
        return level;
      }
    }
    return null;
  }

  /** The numbering itself (第十二条, 一、), without the text after it. */
  String label(String line) {
    Matcher m = pattern.matcher(line);
    return m.find() ? line.substring(0, m.end()) : line;
  }

  /**
   * A short title of a heading line for the heading path: the line up to its first sentence mark (the body after a
   * 一、总体要求。 stays in the text), at most 40 characters.
   */
  static String title(String line) {
    int end = line.length();
    for (int i = 0; i < line.length(); i++) {
      if ("。；：:;".indexOf(line.charAt(i)) >= 0) {
        end = i;
        break;
      }
    }
    String title = line.substring(0, Math.min(end, 40)).strip();
    return title.isEmpty() ? line.substring(0, Math.min(line.length(), 40)) : title;
  }
}
