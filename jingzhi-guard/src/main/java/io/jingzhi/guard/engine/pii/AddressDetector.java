package io.jingzhi.guard.engine.pii;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Postal addresses, heuristically: an administrative part (省/市/区/县/镇…) followed by a street and a house
 * number (路/街/巷/弄/胡同 + 号), with optional building, unit and room. A street without a number is a place,
 * not an address, and is left alone.
 */
public final class AddressDetector implements PiiDetector {

  private static final String HAN = "\\p{IsHan}";
  private static final String NUM = "[0-9一二三四五六七八九十百零〇]+";
  static final PatternDetector DELEGATE = new PatternDetector(PiiType.ADDRESS, "address", Pattern.compile(
      "(?:(?:住址|地址|家住|住在|位于|居住在|寄到|送到)[：:]?)?((?:" + HAN + "{2,8}?(?:省|自治区|市|自治州|盟|地区))?(?:" + HAN + "{1,8}?(?:市|区|县|旗))?(?:" + HAN
          + "{1,8}?(?:镇|乡|街道))?" + HAN + "{1,10}?(?:路|大街|街|巷|弄|胡同|大道)" + NUM + "(?:号|弄)(?:院)?"
          + "(?:" + NUM + "(?:号楼|栋|幢|座|单元|层|楼|室|号))*)"),
      1, c -> c.value().length() >= 6 ? (c.value().matches(".*(省|市|区|县).*") ? 0.8 : 0.6) : 0,
      // Every address has a street, a number and 号/弄, at most 4 + 11 + 9 + 10 + 10 = 44 characters after its start.
      Pattern.compile("(?:路|大街|街|巷|弄|胡同|大道)" + NUM + "(?:号|弄)"), 48);

  @Override
  public List<PiiMatch> detect(String text) {
    return DELEGATE.detect(text);
  }
}
