package io.jingzhi.guard.engine.pii;

import java.util.List;
import java.util.regex.Pattern;

/** The built-in detectors, tuned for Chinese government text. Confidence below 0.5 means "seen, not masked". */
public final class BuiltinDetectors {

  static final String PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

  private BuiltinDetectors() {}

  public static List<PiiDetector> all() {
    return List.of(residentId(), mobile(), landline(), bankCard(), email(), passport(), licencePlate(), uscc(),
        ipv4(), ipv6(), new AddressDetector(), new PersonNameDetector());
  }

  static PiiDetector residentId() {
    return new PatternDetector(PiiType.RESIDENT_ID, "resident-id", Pattern.compile(
        // also written in groups: 110101 19900307 7571, 110101-19900307-7571
        "(?<![0-9A-Za-z])([1-9]\\d{5}([ -]?)(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\2\\d{3}[0-9Xx])"
            + "(?![0-9A-Za-z])"),
        1, c -> Checksums.residentId(c.value().replace(" ", "").replace("-", "")) ? 0.95 : 0.45);
  }

  static PiiDetector mobile() {
    return new PatternDetector(PiiType.MOBILE, "mobile", Pattern.compile(
        "(?<![0-9A-Za-z])((?:\\+?86[- ]?)?1[3-9]\\d(?:[- ]?\\d{4}){2})(?![0-9A-Za-z])"), 1, c -> 0.9);
  }

  static PiiDetector landline() {
    return new PatternDetector(PiiType.LANDLINE, "landline", Pattern.compile(
        // (010) 6234 5678 and 010-62345678 alike: the local number may be split in two
        "(?<![0-9A-Za-z])((?:\\(0\\d{2,3}\\) ?|0\\d{2,3}[- ]?)[2-9]\\d{2,3}[- ]?\\d{4}(?:-\\d{1,4})?)(?![0-9A-Za-z])"),
        1,
        c -> c.before(6).matches(".*(电话|座机|传真|热线|联系|tel|Tel).*") ? 0.9 : 0.7);
  }

  static PiiDetector bankCard() {
    return new PatternDetector(PiiType.BANK_CARD, "bank-card", Pattern.compile(
        "(?<![0-9A-Za-z])([3-6]\\d{3}(?:[ -]?\\d{4}){2,3}(?:[ -]?\\d{1,3})?)(?![0-9A-Za-z])"), 1, c -> {
          int n = c.digits().length();
          if (n < 16 || n > 19) {
            return 0;
          }
          boolean context = c.before(8).matches(".*(卡号|银行卡|账号|帐号|借记卡|信用卡|card).*");
          return Checksums.luhn(c.digits()) ? 0.9 : context ? 0.6 : 0.3;
        });
  }

  static PiiDetector email() {
    return new PatternDetector(PiiType.EMAIL, "email", Pattern.compile(
        "(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24})"),
        1, c -> 0.95);
  }

  static PiiDetector passport() {
    return new PatternDetector(PiiType.PASSPORT, "passport", Pattern.compile(
        "(?<![0-9A-Za-z])((?:[EGDSP]\\d{8}|E[A-HJ-NP-Z]\\d{7}|[HM]\\d{8,10}))(?![0-9A-Za-z])"), 1,
        c -> c.before(10).matches(".*(护照|通行证|passport|Passport).*") ? 0.9 : 0.55);
  }

  static PiiDetector licencePlate() {
    return new PatternDetector(PiiType.LICENCE_PLATE, "licence-plate", Pattern.compile(
        "([" + PROVINCES + "][A-HJ-NP-Z][·• ]?(?:[DF][A-HJ-NP-Z0-9]\\d{4}|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]))"
            + "(?![0-9A-Za-z])"), 1, c -> 0.85);
  }

  static PiiDetector uscc() {
    return new PatternDetector(PiiType.USCC, "uscc", Pattern.compile(
        "(?<![0-9A-Za-z])([0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Za-z])"), 1,
        c -> Checksums.uscc(c.value()) ? 0.95 : 0.3);
  }

  static PiiDetector ipv4() {
    String octet = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    return new PatternDetector(PiiType.IP_ADDRESS, "ipv4", Pattern.compile(
        "(?<![0-9.])(" + octet + "(?:\\." + octet + "){3})(?![0-9]|\\.\\d)"), 1,
        // Version numbers such as 1.2.3.4 look the same; a nearby "IP" or a private range tells them apart.
        c -> c.before(8).matches("(?is).*(ip|地址|主机|服务器|host).*") ? 0.9 : 0.7);
  }

  static PiiDetector ipv6() {
    return new PatternDetector(PiiType.IP_ADDRESS, "ipv6", Pattern.compile(
        "(?<![0-9A-Za-z:])((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})(?![0-9A-Za-z:])"), 1,
        c -> validIpv6(c.value()) ? 0.85 : 0);
  }

  static boolean validIpv6(String s) {
    int doubleColon = s.indexOf("::");
    if (doubleColon != s.lastIndexOf("::")) {
      return false;
    }
    String[] groups = s.replace("::", ":x:").split(":", -1);
    int real = 0;
    for (String g : groups) {
      if (g.equals("x") || g.isEmpty() && doubleColon >= 0) {
        continue;
      }
      if (!g.matches("[0-9A-Fa-f]{1,4}")) {
        return false;
      }
      real++;
    }
    // Without "::" exactly eight groups; clock times like 12:30:45 fail here.
    return doubleColon >= 0 ? real <= 7 && real >= 1 : real == 8;
  }
}
