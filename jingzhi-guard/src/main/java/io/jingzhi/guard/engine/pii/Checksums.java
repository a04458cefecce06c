package io.jingzhi.guard.engine.pii;

/** The check digits of Chinese resident IDs (GB 11643), bank cards (Luhn) and USCCs (GB 32100). */
public final class Checksums {

  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String ID_CHECK = "10X98765432";
  private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

  private Checksums() {}

  public static boolean residentId(String id) {
    if (id == null || id.length() != 18) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      sum += (c - '0') * ID_WEIGHTS[i];
    }
    return Character.toUpperCase(id.charAt(17)) == ID_CHECK.charAt(sum % 11);
  }

  /** The 18th character that makes the first 17 digits a valid resident ID. */
  public static char residentIdCheck(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * ID_WEIGHTS[i];
    }
    return ID_CHECK.charAt(sum % 11);
  }

  public static boolean luhn(String digits) {
    if (digits == null || digits.length() < 2) {
      return false;
    }
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      int d = c - '0';
      if (dbl) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  /** The last digit that makes {@code payload} (all digits but the last) pass Luhn. */
  public static char luhnCheck(String payload) {
    for (char c = '0'; c <= '9'; c++) {
      if (luhn(payload + c)) {
        return c;
      }
    }
    throw new IllegalArgumentException("not digits: " + payload);
  }

  public static boolean uscc(String code) {
    if (code == null || code.length() != 18) {
      return false;
    }
    String upper = code.toUpperCase();
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int v = USCC_CHARS.indexOf(upper.charAt(i));
      if (v < 0) {
        return false;
      }
      sum += v * USCC_WEIGHTS[i];
    }
    int check = (31 - sum % 31) % 31;
    return upper.charAt(17) == USCC_CHARS.charAt(check);
  }

  /** The 18th character of a USCC whose first 17 are given. */
  public static char usccCheck(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += USCC_CHARS.indexOf(first17.charAt(i)) * USCC_WEIGHTS[i];
    }
    return USCC_CHARS.charAt((31 - sum % 31) % 31);
  }
}
