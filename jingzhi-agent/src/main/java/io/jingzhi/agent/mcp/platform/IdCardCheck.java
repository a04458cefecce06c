package io.jingzhi.agent.mcp.platform;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;

/**
 * Checks an 18-digit 居民身份证 number (GB 11643-1999): the region prefix (province-level code), the birth date
 * and the ISO 7064 MOD 11-2 check character. Answers only valid or invalid with a reason: nothing read from the
 * number (birth date, sex, region) is returned.
 */
public final class IdCardCheck {

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  /** Province-level codes of GB/T 2260 (and 71 台湾, 81 香港, 82 澳门 as issued on mainland ID cards). */
  private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32",
      "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
      "63", "64", "65", "71", "81", "82");

  private IdCardCheck() {}

  /** The outcome: {@code reason} is null for a valid number. */
  public record Outcome(boolean valid, String reason) {}

  public static Outcome check(String number, LocalDate today) {
    if (number == null) {
      return invalid("no number given");
    }
    String id = number.strip().toUpperCase(java.util.Locale.ROOT);
    if (id.length() != 18) {
      return invalid("an ID number has 18 characters, this one " + id.length());
    }
    for (int i = 0; i < 17; i++) {
      if (id.charAt(i) < '0' || id.charAt(i) > '9') {
        return invalid("the first 17 characters must be digits");
      }
    }
    char last = id.charAt(17);
    if (!(last >= '0' && last <= '9') && last != 'X') {
      return invalid("the last character must be a digit or X");
    }
    if (!PROVINCES.contains(id.substring(0, 2))) {
      return invalid("the region code is not a valid province-level code");
    }
    LocalDate birth;
    try {
      birth = LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
          Integer.parseInt(id.substring(12, 14)));
    } catch (DateTimeException e) {
      return invalid("the birth date is not a real date");
    }
    if (birth.getYear() < 1900 || birth.isAfter(today)) {
      return invalid("the birth date is out of range");
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (id.charAt(i) - '0') * WEIGHTS[i];
    }
    if (CHECK[sum % 11] != last) {
      return invalid("the check character does not match");
    }
    return new Outcome(true, null);
  }

  private static Outcome invalid(String reason) {
    return new Outcome(false, reason);
  }
}
